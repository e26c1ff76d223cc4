#ifndef CRESOLV_SHIM_H
#define CRESOLV_SHIM_H

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>

// glibc's stub resolver, for `digest dkim check`. res_ninit, res_nquery and res_nclose are in
// libc itself (glibc 2.34+) but reach Swift only as macros, hence the wrappers; the answer's
// parser (ns_initparse, ns_parserr) is in libresolv, opened on first use like libcurl so
// that no other command pays for loading it.

typedef struct {
    int loaded;
    int (*initparse)(const unsigned char *, int, ns_msg *);
    int (*parserr)(ns_msg *, ns_sect, int, ns_rr *);
} CResolv_functions;

static inline CResolv_functions *CResolv_table(void) {
    static CResolv_functions table;
    return &table;
}

/// Opens libresolv and finds its parser; returns 0, or -1 with the reason in *error.
static inline int CResolv_load(const char **error) {
    CResolv_functions *table = CResolv_table();
    if (table->loaded) return 0;
    void *library = dlopen("libresolv.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        if (error) *error = dlerror();
        return -1;
    }
    table->initparse = (__typeof__(table->initparse))dlsym(library, "ns_initparse");
    table->parserr = (__typeof__(table->parserr))dlsym(library, "ns_parserr");
    if (!table->initparse || !table->parserr) {
        if (error) *error = dlerror();
        return -1;
    }
    table->loaded = 1;
    return 0;
}

/// What CResolv_query_txt returns when it could not ask: res_ninit failed (no resolver
/// configuration, no memory), or the server is not an IPv4 or IPv6 address.
static const int CResolv_cannot_start = -2;
static const int CResolv_bad_server = -3;

/// Asks for the TXT records of `name` (absolute, no search list), from the servers in
/// /etc/resolv.conf or from `server` (an IPv4 or IPv6 address, with `port`) when it is
/// not NULL; each try waits `seconds`, and there are `tries` of them. Returns the answer's
/// length (at most `size`), or -1 with the resolver's h_errno in *h_error (HOST_NOT_FOUND
/// for NXDOMAIN, NO_DATA for a name without TXT records, TRY_AGAIN for no answer or
/// SERVFAIL, NO_RECOVERY for a refusal), or one of the codes above.
static inline int CResolv_query_txt(const char *name, const char *server, unsigned short port, int seconds, int tries,
                                    unsigned char *answer, int size, int *h_error) {
    struct __res_state *state = calloc(1, sizeof(struct __res_state));
    if (!state) return CResolv_cannot_start;
    if (res_ninit(state) != 0) {
        free(state);
        return CResolv_cannot_start;
    }
    state->retrans = seconds;
    state->retry = tries;
    if (server) {
        // glibc reads nsaddr_list[n] whenever its family is set (res-nsaddr.c), so setting
        // the first entry replaces the configured server; an IPv6 one goes in _u._ext.
        struct sockaddr_in address4;
        struct sockaddr_in6 address6;
        memset(&address4, 0, sizeof address4);
        memset(&address6, 0, sizeof address6);
        if (inet_pton(AF_INET, server, &address4.sin_addr) == 1) {
            address4.sin_family = AF_INET;
            address4.sin_port = htons(port);
            state->nsaddr_list[0] = address4;
        } else if (inet_pton(AF_INET6, server, &address6.sin6_addr) == 1) {
            address6.sin6_family = AF_INET6;
            address6.sin6_port = htons(port);
            if (!state->_u._ext.nsaddrs[0]) state->_u._ext.nsaddrs[0] = malloc(sizeof(struct sockaddr_in6));
            if (!state->_u._ext.nsaddrs[0]) {
                res_nclose(state);
                free(state);
                return CResolv_cannot_start;
            }
            memcpy(state->_u._ext.nsaddrs[0], &address6, sizeof address6);
            state->nsaddr_list[0].sin_family = 0;
        } else {
            res_nclose(state);
            free(state);
            return CResolv_bad_server;
        }
        state->nscount = 1;
    }
    int length = res_nquery(state, name, ns_c_in, ns_t_txt, answer, size);
    if (length < 0 && h_error) *h_error = state->res_h_errno;
    res_nclose(state);
    free(state);
    return length;
}

/// The rdata of each TXT record in the answer section, handed one at a time to `record`;
/// returns the number of TXT records, or -1 when the answer cannot be parsed (or libresolv
/// cannot be opened: CResolv_load says why).
static inline int CResolv_each_txt(const unsigned char *answer, int length, void *context,
                                   void (*record)(void *context, const unsigned char *rdata, int count)) {
    if (CResolv_load(NULL) != 0) return -1;
    ns_msg message;
    if (CResolv_table()->initparse(answer, length, &message) != 0) return -1;
    int found = 0;
    for (int index = 0; index < ns_msg_count(message, ns_s_an); index++) {
        ns_rr resource;
        if (CResolv_table()->parserr(&message, ns_s_an, index, &resource) != 0) return -1;
        if (ns_rr_type(resource) != ns_t_txt || ns_rr_class(resource) != ns_c_in) continue;
        record(context, ns_rr_rdata(resource), ns_rr_rdlen(resource));
        found++;
    }
    return found;
}

#endif
