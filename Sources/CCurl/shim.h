#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>

// libcurl is opened the first time digest sends (dlopen), not when it starts: linked at
// start, it and the thirty libraries it needs would cost every digest command about 3 ms,
// the pre-commit hook's `digest lint` included. Every call goes through a typed wrapper
// below, prefixed CCurl_: curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are
// variadic, which Swift cannot call, so each kind of argument has its own wrapper.
//
// The table of functions is per translation unit (static inline): each fills its own on
// first use, and dlopen of a library already open is cheap. CCurl_load says why libcurl
// cannot be opened; after it succeeds once, every wrapper finds the library.

typedef struct {
    int loaded;
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_pause)(CURL *, int);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
} CCurl_functions;

static inline CCurl_functions *CCurl_table(void) {
    static CCurl_functions table;
    return &table;
}

/// Opens libcurl and finds its functions; returns 0, or -1 with the reason in *error.
static inline int CCurl_load(const char **error) {
    CCurl_functions *table = CCurl_table();
    if (table->loaded) return 0;
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        if (error) *error = dlerror();
        return -1;
    }
#define CCURL_FIND(field, name)                                   \
    table->field = (__typeof__(table->field))dlsym(library, name); \
    if (!table->field) {                                          \
        if (error) *error = dlerror();                            \
        return -1;                                                \
    }
    CCURL_FIND(global_init, "curl_global_init")
    CCURL_FIND(easy_init, "curl_easy_init")
    CCURL_FIND(easy_cleanup, "curl_easy_cleanup")
    CCURL_FIND(easy_strerror, "curl_easy_strerror")
    CCURL_FIND(easy_pause, "curl_easy_pause")
    CCURL_FIND(easy_perform, "curl_easy_perform")
    CCURL_FIND(easy_setopt, "curl_easy_setopt")
    CCURL_FIND(easy_getinfo, "curl_easy_getinfo")
    CCURL_FIND(slist_append, "curl_slist_append")
    CCURL_FIND(slist_free_all, "curl_slist_free_all")
    CCURL_FIND(multi_init, "curl_multi_init")
    CCURL_FIND(multi_cleanup, "curl_multi_cleanup")
    CCURL_FIND(multi_add_handle, "curl_multi_add_handle")
    CCURL_FIND(multi_remove_handle, "curl_multi_remove_handle")
    CCURL_FIND(multi_perform, "curl_multi_perform")
    CCURL_FIND(multi_poll, "curl_multi_poll")
    CCURL_FIND(multi_info_read, "curl_multi_info_read")
    CCURL_FIND(multi_setopt, "curl_multi_setopt")
#undef CCURL_FIND
    table->loaded = 1;
    return 0;
}

#define CCURL_READY (CCurl_load(0) == 0)

static inline CURLcode CCurl_global_init(long flags) {
    return CCURL_READY ? CCurl_table()->global_init(flags) : CURLE_FAILED_INIT;
}

static inline CURL *CCurl_easy_init(void) {
    return CCURL_READY ? CCurl_table()->easy_init() : 0;
}

static inline void CCurl_easy_cleanup(CURL *handle) {
    if (CCURL_READY) CCurl_table()->easy_cleanup(handle);
}

static inline const char *CCurl_easy_strerror(CURLcode code) {
    return CCURL_READY ? CCurl_table()->easy_strerror(code) : "libcurl is not available";
}

static inline CURLcode CCurl_easy_pause(CURL *handle, int bitmask) {
    return CCURL_READY ? CCurl_table()->easy_pause(handle, bitmask) : CURLE_FAILED_INIT;
}

static inline CURLcode CCurl_easy_perform(CURL *handle) {
    return CCURL_READY ? CCurl_table()->easy_perform(handle) : CURLE_FAILED_INIT;
}

static inline struct curl_slist *CCurl_slist_append(struct curl_slist *list, const char *text) {
    return CCURL_READY ? CCurl_table()->slist_append(list, text) : 0;
}

static inline void CCurl_slist_free_all(struct curl_slist *list) {
    if (CCURL_READY) CCurl_table()->slist_free_all(list);
}

static inline CURLM *CCurl_multi_init(void) {
    return CCURL_READY ? CCurl_table()->multi_init() : 0;
}

static inline CURLMcode CCurl_multi_cleanup(CURLM *multi) {
    return CCURL_READY ? CCurl_table()->multi_cleanup(multi) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode CCurl_multi_add_handle(CURLM *multi, CURL *handle) {
    return CCURL_READY ? CCurl_table()->multi_add_handle(multi, handle) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode CCurl_multi_remove_handle(CURLM *multi, CURL *handle) {
    return CCURL_READY ? CCurl_table()->multi_remove_handle(multi, handle) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode CCurl_multi_perform(CURLM *multi, int *running) {
    return CCURL_READY ? CCurl_table()->multi_perform(multi, running) : CURLM_INTERNAL_ERROR;
}

static inline CURLMcode CCurl_multi_poll(CURLM *multi, int timeout_ms) {
    return CCURL_READY ? CCurl_table()->multi_poll(multi, 0, 0, timeout_ms, 0) : CURLM_INTERNAL_ERROR;
}

static inline CURLMsg *CCurl_multi_info_read(CURLM *multi, int *left) {
    return CCURL_READY ? CCurl_table()->multi_info_read(multi, left) : 0;
}

static inline CURLcode CCurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return CCURL_READY ? CCurl_table()->easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode CCurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return CCURL_READY ? CCurl_table()->easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode CCurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return CCURL_READY ? CCurl_table()->easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

static inline CURLcode CCurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return CCURL_READY ? CCurl_table()->easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

typedef size_t (*CCurl_io_callback)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode CCurl_setopt_read_function(CURL *handle, CCurl_io_callback function) {
    return CCURL_READY ? CCurl_table()->easy_setopt(handle, CURLOPT_READFUNCTION, function) : CURLE_FAILED_INIT;
}

static inline CURLcode CCurl_setopt_header_function(CURL *handle, CCurl_io_callback function) {
    return CCURL_READY ? CCurl_table()->easy_setopt(handle, CURLOPT_HEADERFUNCTION, function) : CURLE_FAILED_INIT;
}

typedef int (*CCurl_xferinfo_callback)(void *context, curl_off_t download_total, curl_off_t downloaded,
                                       curl_off_t upload_total, curl_off_t uploaded);

static inline CURLcode CCurl_setopt_xferinfo_function(CURL *handle, CCurl_xferinfo_callback function) {
    return CCURL_READY ? CCurl_table()->easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, function) : CURLE_FAILED_INIT;
}

static inline CURLMcode CCurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return CCURL_READY ? CCurl_table()->multi_setopt(multi, option, value) : CURLM_INTERNAL_ERROR;
}

static inline CURLcode CCurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return CCURL_READY ? CCurl_table()->easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}

static inline CURLcode CCurl_getinfo_socket(CURL *handle, curl_socket_t *value) {
    return CCURL_READY ? CCurl_table()->easy_getinfo(handle, CURLINFO_ACTIVESOCKET, value) : CURLE_FAILED_INIT;
}

#undef CCURL_READY

// digest inbox (IMAP): the response bytes of a command, and of a message fetched by UID.
static inline CURLcode CCurl_setopt_write_function(CURL *handle, CCurl_io_callback function) {
    return CCurl_load(0) == 0 ? CCurl_table()->easy_setopt(handle, CURLOPT_WRITEFUNCTION, function) : CURLE_FAILED_INIT;
}

#endif
