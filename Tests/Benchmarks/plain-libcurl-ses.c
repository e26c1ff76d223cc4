/*
 * Plain libcurl: the floor under digest's SES route, for Tests/Benchmarks/ses.sh.
 *
 *   AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… plain-libcurl-ses ENDPOINT REGION K SENDER MANIFEST
 *
 * MANIFEST has one message a line, `RECIPIENT PATH`: a raw message digest wrote (its
 * outbox copy) and its reader. For each, one SES API v2 SendEmail request, the same JSON
 * body digest sends ({"FromEmailAddress":…,"Destination":{"ToAddresses":[…]},
 * "Content":{"Raw":{"Data":BASE64}}}), made when its turn comes, POSTed to
 * ENDPOINT/v2/email/outbound-emails and signed by libcurl (CURLOPT_AWS_SIGV4
 * "aws:amz:REGION:ses"). One multi handle with K requests in flight and K easy handles,
 * each re-added for its next message so connections stay alive: digest's design with
 * nothing rendered, journaled or paced. The addresses are written into the JSON as they
 * are (the benchmark's need no escaping). A request counts when it is answered 200 with a
 * MessageId. Exit status 0 when every one did.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lane {
    CURL *easy;
    char *body;
    char reply[512];
    size_t replied;
};

static size_t keep_reply(char *buffer, size_t size, size_t count, void *context) {
    struct lane *lane = context;
    size_t bytes = size * count, room = sizeof lane->reply - 1 - lane->replied;
    size_t kept = bytes < room ? bytes : room;
    memcpy(lane->reply + lane->replied, buffer, kept);
    lane->replied += kept;
    lane->reply[lane->replied] = 0;
    return bytes;
}

static char *read_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    *length = (size_t)ftell(file);
    rewind(file);
    char *bytes = malloc(*length ? *length : 1);
    if (fread(bytes, 1, *length, file) != *length) {
        free(bytes);
        bytes = NULL;
    }
    fclose(file);
    return bytes;
}

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Standard base64 without line breaks, into `out`; returns the bytes written. */
static size_t base64(const unsigned char *in, size_t length, char *out) {
    char *start = out;
    size_t i = 0;
    for (; i + 2 < length; i += 3) {
        unsigned value = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        *out++ = alphabet[value >> 18 & 63];
        *out++ = alphabet[value >> 12 & 63];
        *out++ = alphabet[value >> 6 & 63];
        *out++ = alphabet[value & 63];
    }
    if (i < length) {
        unsigned value = (unsigned)in[i] << 16 | (i + 1 < length ? (unsigned)in[i + 1] << 8 : 0);
        *out++ = alphabet[value >> 18 & 63];
        *out++ = alphabet[value >> 12 & 63];
        *out++ = i + 1 < length ? alphabet[value >> 6 & 63] : '=';
        *out++ = '=';
    }
    return (size_t)(out - start);
}

static FILE *manifest;
static const char *sender;
static long started, accepted, failed;

/* The next message's request body, or NULL when the manifest is done. */
static char *next_body(size_t *size) {
    char line[4096], recipient[1024], path[3072];
    while (fgets(line, sizeof line, manifest)) {
        if (sscanf(line, "%1023s %3071s", recipient, path) != 2) continue;
        size_t length;
        char *message = read_file(path, &length);
        if (!message) {
            fprintf(stderr, "plain-libcurl-ses: cannot read %s\n", path);
            failed++;
            continue;
        }
        static const char *format[] = {
            "{\"FromEmailAddress\":\"", "\",\"Destination\":{\"ToAddresses\":[\"", "\"]},\"Content\":{\"Raw\":{\"Data\":\"",
            "\"}}}"};
        size_t capacity = strlen(sender) + strlen(recipient) + (length + 2) / 3 * 4 + 128;
        char *body = malloc(capacity), *end = body;
        end += sprintf(end, "%s%s%s%s%s", format[0], sender, format[1], recipient, format[2]);
        end += base64((unsigned char *)message, length, end);
        end += sprintf(end, "%s", format[3]);
        free(message);
        *size = (size_t)(end - body);
        return body;
    }
    return NULL;
}

/* Gives the lane its next message; 0 when there is none. */
static int start(CURLM *multi, struct lane *lane) {
    size_t size;
    char *body = next_body(&size);
    if (!body) return 0;
    lane->body = body;
    lane->replied = 0;
    lane->reply[0] = 0;
    curl_easy_setopt(lane->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)size);
    curl_easy_setopt(lane->easy, CURLOPT_POSTFIELDS, body);
    curl_multi_add_handle(multi, lane->easy);
    started++;
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s ENDPOINT REGION K SENDER MANIFEST\n", argv[0]);
        return 2;
    }
    const char *key = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
    int connections = atoi(argv[3]);
    sender = argv[4];
    manifest = fopen(argv[5], "r");
    if (!key || !secret || connections < 1 || !manifest) {
        fprintf(stderr, "plain-libcurl-ses: bad arguments, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY unset\n");
        return 2;
    }
    char url[1024], sigv4[256];
    snprintf(url, sizeof url, "%s/v2/email/outbound-emails", argv[1]);
    snprintf(sigv4, sizeof sigv4, "aws:amz:%s:ses", argv[2]);

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)connections);
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    struct lane *lanes = calloc((size_t)connections, sizeof *lanes);
    for (int i = 0; i < connections; i++) {
        CURL *easy = lanes[i].easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, url);
        curl_easy_setopt(easy, CURLOPT_AWS_SIGV4, sigv4);
        curl_easy_setopt(easy, CURLOPT_USERNAME, key);
        curl_easy_setopt(easy, CURLOPT_PASSWORD, secret);
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_POST, 1L);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, keep_reply);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &lanes[i]);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, &lanes[i]);
    }
    int running = 0;
    for (int i = 0; i < connections; i++) running += start(multi, &lanes[i]);
    while (running) {
        int still;
        curl_multi_perform(multi, &still);
        CURLMsg *done;
        int queued;
        while ((done = curl_multi_info_read(multi, &queued))) {
            if (done->msg != CURLMSG_DONE) continue;
            struct lane *lane;
            long status = 0;
            curl_easy_getinfo(done->easy_handle, CURLINFO_PRIVATE, (char **)&lane);
            curl_easy_getinfo(done->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            if (done->data.result == CURLE_OK && status == 200 && strstr(lane->reply, "\"MessageId\"")) {
                accepted++;
            } else {
                if (failed < 5) fprintf(stderr, "plain-libcurl-ses: %s, HTTP %ld: %s\n", curl_easy_strerror(done->data.result), status, lane->reply);
                failed++;
            }
            curl_multi_remove_handle(multi, lane->easy);
            free(lane->body);
            lane->body = NULL;
            running -= 1 - start(multi, lane);
        }
        if (running) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    fprintf(stderr, "plain-libcurl-ses: %ld accepted, %ld failed\n", accepted, failed);
    return failed || !accepted ? 1 : 0;
}
