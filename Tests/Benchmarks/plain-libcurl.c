/*
 * Plain libcurl: the floor digest's SMTP transport stands on, for the send benchmark.
 *
 *   plain-libcurl URL N K MESSAGE-FILE
 *
 * Sends N messages, one recipient each, over K connections through libcurl's multi
 * interface, each connection reused for its next message, the message read from memory:
 * what digest's transport does, without making, journaling or checking anything.
 * Exit status 0 when every message was accepted.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lane {
    CURL *easy;
    struct curl_slist *recipient;
    size_t offset;
    int busy;
};

static char *message;
static size_t length;

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

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s URL N K MESSAGE-FILE\n", argv[0]);
        return 2;
    }
    const char *url = argv[1];
    long total = atol(argv[2]);
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
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)connections);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)connections);
    struct lane *lanes = calloc((size_t)connections, sizeof *lanes);
    for (int i = 0; i < connections; i++) {
        CURL *easy = curl_easy_init();
        lanes[i].easy = easy;
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_MAIL_FROM, "<sender@example.org>");
        curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_READFUNCTION, read_message);
        curl_easy_setopt(easy, CURLOPT_READDATA, &lanes[i]);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, ignore_reply);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, &lanes[i]);
    }

    long started = 0, finished = 0, failed = 0;
    char recipient[64];
    while (finished < total) {
        for (int i = 0; i < connections && started < total; i++) {
            if (lanes[i].busy) continue;
            started++;
            snprintf(recipient, sizeof recipient, "<reader%07ld@example.org>", started);
            curl_slist_free_all(lanes[i].recipient);
            lanes[i].recipient = curl_slist_append(NULL, recipient);
            curl_easy_setopt(lanes[i].easy, CURLOPT_MAIL_RCPT, lanes[i].recipient);
            lanes[i].offset = 0;
            lanes[i].busy = 1;
            curl_multi_add_handle(multi, lanes[i].easy);
        }
        int running = 0, queued = 0, done = 0;
        curl_multi_perform(multi, &running);
        CURLMsg *info;
        while ((info = curl_multi_info_read(multi, &queued))) {
            if (info->msg != CURLMSG_DONE) continue;
            struct lane *lane = NULL;
            curl_easy_getinfo(info->easy_handle, CURLINFO_PRIVATE, (char **)&lane);
            if (info->data.result != CURLE_OK) failed++;
            curl_multi_remove_handle(multi, info->easy_handle);
            lane->busy = 0;
            finished++;
            done++;
        }
        if (!done) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    fprintf(stderr, "plain-libcurl: %ld accepted, %ld failed\n", finished - failed, failed);
    return failed ? 1 : 0;
}
