/*
 * Asks the running kernel whether it accepts each program as a seccomp filter: for every line of
 * PROGRAMS (bpf_asm output format), a child process sets no_new_privs and calls
 * seccomp(SECCOMP_SET_MODE_FILTER); the parent prints 0 or the errno, one per line.
 * Used by scripts/gen-seccomp-kernel-goldens.sh as an oracle for checkSeccomp.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int parse_program(const char *s, struct sock_filter *out) {
	char *end;
	long n = strtol(s, &end, 10);
	if (*end != ',' || n < 1 || n > 4096) return -1;
	s = end + 1;
	for (long i = 0; i < n; i++) {
		unsigned long code = strtoul(s, &end, 10), jt = strtoul(end, &end, 10), jf = strtoul(end, &end, 10), k = strtoul(end, &end, 10);
		if (*end != ',') return -1;
		out[i] = (struct sock_filter){ (unsigned short)code, (unsigned char)jt, (unsigned char)jf, (unsigned int)k };
		s = end + 1;
	}
	return (int)n;
}

int main(int argc, char **argv) {
	static char line[1 << 20];
	static struct sock_filter insns[4096];
	FILE *f = argc > 1 ? fopen(argv[1], "r") : stdin;
	if (!f) { perror(argv[1]); return 1; }
	while (fgets(line, sizeof line, f)) {
		int n = parse_program(line, insns);
		if (n < 0) { printf("parse-error\n"); continue; }
		int fds[2];
		if (pipe(fds) < 0) { perror("pipe"); return 1; }
		pid_t pid = fork();
		if (pid == 0) {
			close(fds[0]);
			struct sock_fprog prog = { .len = (unsigned short)n, .filter = insns };
			int r = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
			int err = r < 0 ? errno : 0;
			/* Report through the pipe before installing: the filter may forbid everything after. */
			long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
			int result = rc < 0 ? errno : err;
			/* write() may now be filtered; a killed or blocked child counts as "installed". */
			if (write(fds[1], &result, sizeof result) < 0) {}
			_exit(0);
		}
		close(fds[1]);
		int result = -1;
		ssize_t got = read(fds[0], &result, sizeof result);
		close(fds[0]);
		waitpid(pid, NULL, 0);
		printf("%d\n", got == sizeof result ? result : 0);
	}
	return 0;
}
