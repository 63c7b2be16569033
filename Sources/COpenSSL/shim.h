#ifndef EVIDENCE_COPENSSL_SHIM_H
#define EVIDENCE_COPENSSL_SHIM_H
/*
 * Thin bridge to libcrypto. Only headers plus a few inline helpers where OpenSSL
 * uses function-like macros or variadic calls that Swift cannot import. No logic.
 */
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

static inline int evidence_gcm_set_ivlen(EVP_CIPHER_CTX *ctx, int len) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, len, NULL);
}
static inline int evidence_gcm_get_tag(EVP_CIPHER_CTX *ctx, unsigned char *tag, int len) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, len, tag);
}
static inline int evidence_gcm_set_tag(EVP_CIPHER_CTX *ctx, const unsigned char *tag, int len) {
    /* OpenSSL takes a non-const pointer but only reads the expected tag. */
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, len, (void *)tag);
}
static inline int evidence_pkey_x25519(void) { return EVP_PKEY_X25519; }
static inline int evidence_pkey_ed25519(void) { return EVP_PKEY_ED25519; }
static inline int evidence_pkey_hkdf(void) { return EVP_PKEY_HKDF; }
#endif
