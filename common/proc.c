/* proc: fork/exec with pipes; the child gets SIGPIPE back at its default. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "banned.h"

int
proc_start(struct proc *p, const char *dir, char *const argv[], int want_in,
    int want_out, struct or_err *e)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2], saved;
	ssize_t r;

	p->pid = -1;
	p->in = p->out = -1;
	if ((want_in && pipe2(in, O_CLOEXEC) < 0) ||
	    (want_out && pipe2(out, O_CLOEXEC) < 0) ||
	    pipe2(err, O_CLOEXEC) < 0)
		return or_error_st(e, 3, "proc.start", "cannot create pipe: %s",
		    strerror(errno));
	p->pid = fork();
	if (p->pid < 0)
		return or_error_st(e, 3, "proc.start", "cannot fork: %s",
		    strerror(errno));
	if (p->pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		signal(SIGPIPE, SIG_DFL);
		dup2(want_in ? in[0] : null, 0);
		dup2(want_out ? out[1] : null, 1);
		if ((dir == NULL || chdir(dir) == 0))
			execvp(argv[0], argv);
		saved = errno;
		r = write(err[1], &saved, sizeof(saved));
		(void)r;
		_exit(127);
	}
	close(err[1]);
	if (want_in) {
		close(in[0]);
		p->in = in[1];
	}
	if (want_out) {
		close(out[1]);
		p->out = out[0];
	}
	/* exec failure comes back through the close-on-exec pipe */
	while ((r = read(err[0], &saved, sizeof(saved))) < 0 && errno == EINTR)
		;
	close(err[0]);
	if (r == sizeof(saved)) {
		proc_wait(p);
		if (p->in >= 0)
			close(p->in);
		if (p->out >= 0)
			close(p->out);
		p->in = p->out = -1;
		return or_error(e, "proc.exec", "cannot run '%s'%s%s: %s",
		    argv[0], dir ? " in " : "", dir ? dir : "",
		    strerror(saved));
	}
	return 0;
}

int
proc_wait(struct proc *p)
{
	int st;

	while (waitpid(p->pid, &st, 0) < 0)
		if (errno != EINTR)
			return 127;
	p->pid = -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

int
proc_run(const char *dir, char *const argv[], const char *in, size_t n,
    struct buf *out, size_t max, int *status, struct or_err *e)
{
	struct proc p;
	struct pollfd pf[2];
	char tmp[65536];
	size_t done = 0;
	ssize_t r;
	int over = 0, np;

	if (proc_start(&p, dir, argv, in != NULL, 1, e) < 0)
		return -1;
	buf_add(out, "", 0);
	if (in != NULL && n == 0) {
		close(p.in);
		p.in = -1;
	}
	/* feed stdin while draining stdout: neither side can block */
	while (p.out >= 0) {
		np = 0;
		pf[np].fd = p.out;
		pf[np++].events = POLLIN;
		if (p.in >= 0) {
			pf[np].fd = p.in;
			pf[np++].events = POLLOUT;
		}
		if (poll(pf, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (np == 2 && pf[1].revents != 0) {
			r = write(p.in, in + done, n - done > 65536 ? 65536 :
			    n - done);
			if (r > 0)
				done += (size_t)r;
			if ((r < 0 && errno != EINTR && errno != EAGAIN) ||
			    done == n) {
				close(p.in);
				p.in = -1;
			}
		}
		if (pf[0].revents == 0)
			continue;
		r = read(p.out, tmp, sizeof(tmp));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(p.out);
			p.out = -1;
		} else if (out->len + (size_t)r > max) {
			over = 1;
		} else {
			buf_add(out, tmp, (size_t)r);
		}
	}
	if (p.in >= 0)
		close(p.in);
	*status = proc_wait(&p);
	if (over)
		return or_error(e, "proc.output", "'%s' printed more than "
		    "%zu bytes", argv[0], max);
	return 0;
}

int
proc_capture(const char *dir, char *const argv[], struct buf *out,
    size_t max, int *status, struct or_err *e)
{
	return proc_run(dir, argv, NULL, 0, out, max, status, e);
}
