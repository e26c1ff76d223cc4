/*
 * Plain libcurl: the floor digest's SMTP transport stands on, for the send benchmark.
 *
 *   plain-libcurl URL N K MESSAGE-FILE
 *
 * Sends N messages, one recipient each, over K connections: K threads, each driving one
 * easy handle whose connection is reused for its next message, taking the next message
 * number from a shared counter, the message read from memory. That is digest's transport
 * without making, journaling or checking anything. (Not the multi interface: libcurl's
 * SMTP blocks the whole multi loop while it waits for the reply to each final dot.)
 * Exit status 0 when every message was accepted.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lane {
    pthread_t thread;
    const char *url;
    size_t offset;
    long failed;
};

static char *message;
static size_t length;
static long total;
static long started;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static size_t read_message(char *buffer, size_t size, size_t count, void *context) {
    struct lane *lane = context;
    size_t room = size * count, left = length - lane->offset;
    size_t taken = left < room ? left : room;
    memcpy(buffer, message + lane->offset, taken);
    lane->offset += taken;
    return taken;
}

static size_t ignore_reply(char *buffer, size_t size, size_t count, void *context) {
    (void)buffer;
    (void)context;
    return size * count;
}

/* One connection: sends messages until the shared counter reaches N. */
static void *work(void *context) {
    struct lane *lane = context;
    CURL *easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, lane->url);
    curl_easy_setopt(easy, CURLOPT_MAIL_FROM, "<sender@example.org>");
    curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(easy, CURLOPT_READDATA, lane);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, ignore_reply);
    char recipient[64];
    while (1) {
        pthread_mutex_lock(&lock);
        long number = started < total ? ++started : 0;
        pthread_mutex_unlock(&lock);
        if (!number) break;
        snprintf(recipient, sizeof recipient, "<reader%07ld@example.org>", number);
        struct curl_slist *recipients = curl_slist_append(NULL, recipient);
        curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients);
        lane->offset = 0;
        if (curl_easy_perform(easy) != CURLE_OK) lane->failed++;
        curl_slist_free_all(recipients);
    }
    curl_easy_cleanup(easy);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s URL N K MESSAGE-FILE\n", argv[0]);
        return 2;
    }
    total = atol(argv[2]);
    int connections = atoi(argv[3]);
    FILE *file = fopen(argv[4], "rb");
    if (!file || total < 1 || connections < 1) {
        fprintf(stderr, "plain-libcurl: bad arguments\n");
        return 2;
    }
    fseek(file, 0, SEEK_END);
    length = (size_t)ftell(file);
    rewind(file);
    message = malloc(length);
    if (fread(message, 1, length, file) != length) return 2;
    fclose(file);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    struct lane *lanes = calloc((size_t)connections, sizeof *lanes);
    for (int i = 0; i < connections; i++) {
        lanes[i].url = argv[1];
        pthread_create(&lanes[i].thread, NULL, work, &lanes[i]);
    }
    long failed = 0;
    for (int i = 0; i < connections; i++) {
        pthread_join(lanes[i].thread, NULL);
        failed += lanes[i].failed;
    }
    fprintf(stderr, "plain-libcurl: %ld accepted, %ld failed\n", total - failed, failed);
    return failed ? 1 : 0;
}
