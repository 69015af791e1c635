/* keystore: the crypto of Web3 Secret Storage v3 (the geth/cast keystore
 * format): decrypt with scrypt (any n, r, p within limits, through
 * libsodium) or pbkdf2-hmac-sha256 (libsodium's HMAC) and AES-128-CTR
 * (libcrypto), the MAC checked before anything is decrypted; encrypt with
 * scrypt.  Folders of keystores are keydir.h's, secret files secret.h's.
 * Ownership: keys and passwords live in caller buffers that the caller
 * wipes; returned strings and bufs are the caller's to free. */
#ifndef OR_KEYSTORE_H
#define OR_KEYSTORE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

/* Parameters new keystores use (geth's "standard" scrypt). */
#define KEYSTORE_SCRYPT_N (1u << 18)
#define KEYSTORE_SCRYPT_R 8u
#define KEYSTORE_SCRYPT_P 1u

/* Decrypt the secret key of a keystore text.  The "address" field, when
 * present, must match the key.  Errors: keystore.bad_format,
 * keystore.unsupported, keystore.kdf_limit, keystore.bad_password (MAC
 * mismatch), keystore.bad_key, keystore.address_mismatch. */
int keystore_decrypt(const char *text, size_t n, const uint8_t *pw,
    size_t pwlen, uint8_t key[32], uint8_t addr[20], struct or_err *e);
/* The "address" field of a keystore, without decrypting: 1 when present,
 * 0 when absent, -1 (keystore.bad_format) when the text is no keystore. */
int keystore_peek(const char *text, size_t n, uint8_t addr[20],
    struct or_err *e);
/* PBKDF2-HMAC-SHA256 of RFC 8018 into out[0..outlen). */
void keystore_pbkdf2(const uint8_t *pw, size_t pwlen, const uint8_t *salt,
    size_t saltlen, uint32_t iter, uint8_t *out, size_t outlen);
/* A new keystore text for key (random salt, IV and UUID). */
int keystore_encrypt(const uint8_t key[32], const uint8_t addr[20],
    const uint8_t *pw, size_t pwlen, uint64_t N, uint32_t r, uint32_t p,
    struct buf *out, struct or_err *e);
/* Encrypt key with the standard parameters and write it to path
 * atomically, mode 0600.  Write errors are file.write with status 3. */
int keystore_write(const char *path, const uint8_t key[32],
    const uint8_t addr[20], const uint8_t *pw, size_t pwlen,
    struct or_err *e);
#endif
