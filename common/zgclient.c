/* zgclient: placeholder until the node protocol lands. */
#include <string.h>

#include "zgclient.h"
#include "banned.h"

int
zg_upload(const struct zg_cfg *c, int fd, const struct zg_tree *t,
    struct zg_upload_res *r, struct or_err *e)
{
	return or_error(e, "store.unsupported", "0G upload not built yet");
}

int
zg_download(const struct zg_cfg *c, const zg_hash root, uint64_t max,
    int out_fd, struct zg_get_res *r, struct or_err *e)
{
	r->reason = "unsupported";
	return or_error_st(e, 4, "store.unavailable", "0G not built yet");
}

int
zg_file_info(const struct zg_cfg *c, const zg_hash root, cJSON **info,
    struct or_err *e)
{
	*info = NULL;
	return 0;
}
