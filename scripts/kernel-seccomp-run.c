/*
 * Runs system calls under seccomp filters in the running kernel and reports what happened, as an
 * oracle for tsbpf's seccomp evaluation (scripts/gen-seccomp-kernel-goldens.sh). x86_64 only.
 *
 * Each input line: NR <TAB> a0,a1,...,a5 (or -) <TAB> PROG [<TAB> PROG ...]
 * (PROG in bpf_asm output format; filters are installed in order). For each line a child process
 * opens /dev/null as fds 3 and 5, points fd 2 at a pipe, sets no_new_privs, installs the filters and
 * makes the call. Output, one line each:
 *   ok              the call returned >= 0 (ALLOW, LOG)
 *   errno N         it returned -1 with errno N (ERRNO(N); TRACE or USER_NOTIF without a tracer
 *                   or listener give ENOSYS)
 *   sigsys          the process died of SIGSYS (KILL_PROCESS, KILL_THREAD, unknown actions)
 *   trap            the SIGSYS handler ran (TRAP)
 *   install-errno N a filter was refused
 * Only call syscalls that are harmless when allowed.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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

static void on_sigsys(int sig) {
	(void)sig;
	_exit(77);
}

int main(void) {
	static char line[1 << 20];
	static struct sock_filter insns[8][4096];
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = 0;
		char *save;
		long nr = strtol(strtok_r(line, "\t", &save), NULL, 0);
		unsigned long long a[6] = { 0 };
		char *args = strtok_r(NULL, "\t", &save);
		for (int i = 0; i < 6 && args && *args && *args != '-'; i++) {
			a[i] = strtoull(args, &args, 0);
			if (*args == ',') args++;
		}
		int nf = 0, lens[8];
		char *p;
		while (nf < 8 && (p = strtok_r(NULL, "\t", &save))) {
			lens[nf] = parse_program(p, insns[nf]);
			if (lens[nf] > 0) nf++;
		}
		int fds[2];
		if (pipe(fds) < 0) { perror("pipe"); return 1; }
		pid_t pid = fork();
		if (pid == 0) {
			struct rlimit none = { 0, 0 };
			setrlimit(RLIMIT_CORE, &none);
			int null = open("/dev/null", O_RDWR);
			dup2(null, 3);
			dup2(null, 5);
			dup2(fds[1], 2);
			signal(SIGSYS, on_sigsys);
			char msg[64];
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) _exit(90);
			for (int f = 0; f < nf; f++) {
				struct sock_fprog prog = { .len = (unsigned short)lens[f], .filter = insns[f] };
				if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
					int n = snprintf(msg, sizeof msg, "install-errno %d\n", errno);
					if (write(2, msg, n) < 0) {}
					_exit(0);
				}
			}
			long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
			int n = r >= 0 ? snprintf(msg, sizeof msg, "ok\n") : snprintf(msg, sizeof msg, "errno %d\n", errno);
			if (write(2, msg, n) < 0) {}
			_exit(0);
		}
		close(fds[1]);
		char buf[64] = { 0 };
		ssize_t got = read(fds[0], buf, sizeof buf - 1);
		close(fds[0]);
		int status;
		waitpid(pid, &status, 0);
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) printf("sigsys\n");
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 77) printf("trap\n");
		else if (got > 0) printf("%s", buf);
		else printf("other %d\n", status);
		fflush(stdout);
	}
	return 0;
}
