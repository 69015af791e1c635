/* mountinfo: the one parser of /proc/<pid>/mountinfo (proc(5)) for the
 * sandbox: the cgroup module finds controller mounts with it, init finds
 * the submounts it must remount read-only.
 * Ownership: the strings of struct mountinfo point into the line they were
 * split from (or into mountinfo_walk's buffer, valid during the callback). */
#ifndef OR_MOUNTINFO_H
#define OR_MOUNTINFO_H

struct mountinfo {
	const char *root;	/* field 4: the root of the mount in its fs */
	const char *point;	/* field 5: the mount point */
	const char *opts;	/* field 6: per-mount options */
	const char *fstype;	/* after the "-" separator */
	const char *source;
	const char *super;	/* per-superblock options ("rw,memory") */
};

/* Split one line (without its newline) in place into m, undoing the
 * octal escapes (\040 space, \011 tab, \012 newline, \134 backslash) of
 * every field; 0, or -1 if the line is not a mountinfo line. */
int mountinfo_split(char *line, struct mountinfo *m);
/* Call fn for each well-formed line of the mountinfo file at path until
 * fn returns non-zero; returns that value, 0 at the end, or -1 if the
 * file cannot be read. */
int mountinfo_walk(const char *path,
    int (*fn)(const struct mountinfo *m, void *arg), void *arg);

#endif
