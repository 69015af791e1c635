/* address: 20-byte Ethereum addresses as "0x" hex, and EIP-55, the mixed-case
 * checksum form (conventions.md section 4: written lowercase, read in any
 * case, a mixed-case one must pass the checksum).
 * Ownership: results go into caller buffers; nothing is allocated. */
#ifndef OR_ADDRESS_H
#define OR_ADDRESS_H

#include <stdint.h>

#include "util.h"

/* Decode an address (20 bytes); a mixed-case address must pass EIP-55.
 * Errors: hex.* codes, hex.bad_address, hex.bad_checksum. */
int address_decode(const char *s, uint8_t out[20], const char *what,
    struct or_err *e);
/* EIP-55 form of an address: dst must hold 43 bytes. */
void address_checksum(char *dst, const uint8_t addr[20]);

#endif
