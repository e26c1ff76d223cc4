#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H

// Only what digest needs from libcrypto: HMAC-SHA256 for unsubscribe tokens and a source
// of random bytes for throwaway keys, and SHA-256 to remember readers compactly.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#endif
