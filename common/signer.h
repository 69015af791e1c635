/* signer: the key a run of or-sign signs with.  It comes from a private
 * key file (test keys) or a Web3 keystore (a file, or the key for an
 * address in a folder), is loaded at most once, on first need, and a load
 * failure is remembered so that a wrong password fails every record
 * without asking again.  Also the keystore writes of new, import and
 * passwd.  Passwords come from the caller's get_password callback, so the
 * terminal and its messages stay with the command.
 * Errors with status 3 (an unreadable file, scrypt out of memory, a
 * failed write) are fatal system errors: the caller stops the run.
 * Ownership: the caller owns the settings' strings and the secp context;
 * signer_free releases path and wipes the key; keys passed in are the
 * caller's to wipe. */
#ifndef OR_SIGNER_H
#define OR_SIGNER_H

#include <stdint.h>

#include "secp.h"
#include "util.h"

/* A password from file (when not NULL) or a prompt showing question,
 * asked twice when twice is set; pw is wiped and freed by the signer. */
typedef int signer_password_fn(const char *file, const char *question,
    int twice, struct buf *pw, struct or_err *e);

struct signer {
	/* settings, filled by the caller */
	const char *keystore;	/* file or folder */
	const char *from;	/* ETH_FROM / --from, or NULL */
	const char *pkfile;	/* --private-key-file, or NULL */
	const char *pwfile;
	const char *newpwfile;
	int is_dir;		/* 1 folder, 0 file, -1 missing */
	int dflt;		/* keystore is the built-in default */
	int env_file;		/* keystore is a file from ETH_KEYSTORE: an
				 * address it does not hold is looked up in
				 * its folder (one environment, any account) */
	uint8_t want[20];	/* parsed from */
	struct secp *secp;
	signer_password_fn *get_password;
	/* state */
	int state;		/* 0 not loaded, 1 loaded, -1 failed */
	struct or_err err;	/* the failure, when state is -1 */
	char *path;		/* resolved keystore file */
	uint8_t key[32], addr[20];
};

/* Load the key once; later calls repeat the first outcome.  Errors:
 * sign.bad_private_key, sign.from_mismatch, the keystore.* codes, and the
 * file.* codes (status 3). */
int signer_key(struct signer *s, struct or_err *e);
/* A raw private key from a file: 0x and 64 hex digits, blanks around it
 * ignored; the file's bytes are wiped after parsing.  Errors:
 * sign.bad_private_key, file.* (status 3). */
int signer_read_raw_key(const char *file, uint8_t key[32], struct or_err *e);
/* Encrypt key under a new password into a new file of the keystore folder
 * (the default folder is created); *path is the caller's to free.
 * Errors: keystore.exists, secp.bad_key, the password's codes, file.open
 * (status 3, no folder) and the keystore_write codes (status 3). */
int signer_store_new(struct signer *s, const uint8_t key[32],
    uint8_t addr[20], char **path, struct or_err *e);
/* Re-encrypt the loaded keystore under a new password (newpwfile). */
int signer_passwd(struct signer *s, struct or_err *e);
/* Wipe the key. */
void signer_wipe(struct signer *s);
void signer_free(struct signer *s);

#endif
