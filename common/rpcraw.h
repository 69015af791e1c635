/* rpcraw: a JSON-RPC method called as a record says (or-rpc METHOD): the
 * method name is checked, methods that sign are refused (keys never go to a
 * node: or-sign signs), and only methods whose repetition has no effect are
 * sent again after a lost reply.
 * Ownership: the record is borrowed; its "result" is a new tree it owns. */
#ifndef OR_RPCRAW_H
#define OR_RPCRAW_H

#include "http.h"
#include "json.h"
#include "util.h"

/* Whether method may be asked again: reads, and eth_sendRawTransaction
 * (the same signed bytes). */
enum http_retry rpcraw_retry(const char *method);

/* Call the record's "method" with its "params" (an array or an object,
 * absent for none) and set the node's answer as "result".  Errors:
 * rpc.no_method, rpc.bad_method, rpc.unsupported, json.bad_field and
 * http_call errors. */
int rpcraw_record(struct http_client *c, cJSON *rec, struct or_err *e);

#endif
