/* receipt: a transaction receipt and its logs, as the node sends them, in
 * the record form of or-rpc(1) OUTPUT and conventions.md section 4 (numbers
 * for counts and indexes, decimal strings for wei).
 * Ownership: inputs are borrowed; the result is a new tree the caller frees
 * with cJSON_Delete. */
#ifndef OR_RECEIPT_H
#define OR_RECEIPT_H

#include "http.h"
#include "json.h"
#include "util.h"

/* c names the node in errors (rpc.bad_reply, status 4). */
cJSON *receipt_log(const struct http_client *c, const cJSON *log,
    struct or_err *e);
cJSON *receipt_record(const struct http_client *c, const cJSON *receipt,
    struct or_err *e);

#endif
