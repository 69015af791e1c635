/* prompt: a password from the terminal, echo off, restored on ^C. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "prompt.h"
#include "banned.h"

/* The terminal state to restore if a signal ends the run mid-prompt. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_fd = -1;

static void
restore_tty(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSANOW, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

int
prompt_secret(const char *question, struct buf *pw)
{
	struct termios old, quiet;
	int fd, c, echo_off;
	char ch;
	ssize_t r;
	void (*oldint)(int) = SIG_DFL, (*oldterm)(int) = SIG_DFL;

	if (!isatty(2))
		return -1;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	/* room up front, so that growing never leaves a copy behind */
	buf_free(pw);
	pw->p = xmalloc(PROMPT_MAX + 1);
	pw->cap = PROMPT_MAX + 1;
	pw->p[0] = '\0';
	echo_off = tcgetattr(fd, &old) == 0;
	if (echo_off) {
		/* ^C at the prompt must not leave the terminal without echo */
		tty_saved = old;
		tty_fd = fd;
		oldint = signal(SIGINT, restore_tty);
		oldterm = signal(SIGTERM, restore_tty);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(fd, TCSANOW, &quiet);
	}
	(void)!write(fd, question, strlen(question));
	for (;;) {
		r = read_some(fd, &ch, 1);
		if (r <= 0 || ch == '\n')
			break;
		c = (unsigned char)ch;
		if (pw->len < PROMPT_MAX)
			pw->p[pw->len++] = (char)c;
	}
	pw->p[pw->len] = '\0';
	if (echo_off) {
		tcsetattr(fd, TCSANOW, &old);
		tty_fd = -1;
		signal(SIGINT, oldint);
		signal(SIGTERM, oldterm);
	}
	close(fd);
	if (pw->len > 0 && pw->p[pw->len - 1] == '\r')
		pw->p[--pw->len] = '\0';
	return 0;
}

void
prompt_free(struct buf *pw)
{
	if (pw->p != NULL)
		wipe(pw->p, pw->cap);
	buf_free(pw);
}
