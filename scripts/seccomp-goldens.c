/*
 * Builds real seccomp filters with libseccomp 2.5 and writes them as raw struct sock_filter files
 * (host order) into test/golden/seccomp/, plus cases.json: syscalls with arguments and the action
 * each filter's rules give them. The rules below are the truth the cases encode; the BPF is
 * libseccomp's own translation of those rules.
 *
 *   apt-get install libseccomp-dev
 *   cc -o /tmp/seccomp-goldens scripts/seccomp-goldens.c -lseccomp && /tmp/seccomp-goldens test/golden/seccomp
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sched.h>
#include <unistd.h>

static const char *dir;
static FILE *cases;
static int first_case = 1;

static void save(scmp_filter_ctx ctx, const char *name) {
	char path[512];
	snprintf(path, sizeof path, "%s/%s.bpf", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || seccomp_export_bpf(ctx, fd) != 0) { perror(path); exit(1); }
	close(fd);
	seccomp_release(ctx);
}

/* One expectation: filter, arch name, syscall (name or number), up to 6 args, expected action. */
static void expect(const char *filter, const char *arch, const char *sys, const char *args, const char *action) {
	fprintf(cases, "%s\n  {\"filter\":\"%s\",\"arch\":\"%s\",\"syscall\":\"%s\",\"args\":\"%s\",\"action\":\"%s\"}",
		first_case ? "" : ",", filter, arch, sys, args, action);
	first_case = 0;
}

#define CHECK(x) do { if ((x) != 0) { fprintf(stderr, "%s failed\n", #x); exit(1); } } while (0)

int main(int argc, char **argv) {
	char path[512];
	dir = argc > 1 ? argv[1] : ".";
	snprintf(path, sizeof path, "%s/cases.json", dir);
	cases = fopen(path, "w");
	if (!cases) { perror(path); return 1; }
	fprintf(cases, "{\"generator\":\"scripts/seccomp-goldens.c\",\"libseccomp\":\"%u.%u.%u\",\"cases\":[",
		seccomp_version()->major, seccomp_version()->minor, seccomp_version()->micro);

	/* 1. x86_64 allow-list: default KILL_PROCESS. */
	scmp_filter_ctx c = seccomp_init(SCMP_ACT_KILL_PROCESS);
	CHECK(seccomp_arch_remove(c, SCMP_ARCH_NATIVE) == 0 ? seccomp_arch_add(c, SCMP_ARCH_X86_64) : 1);
	CHECK(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(read), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(write), 1, SCMP_A0(SCMP_CMP_LE, 2)));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(EBADF), SCMP_SYS(write), 1, SCMP_A0(SCMP_CMP_GT, 2)));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(exit_group), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(open), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_TRAP, SCMP_SYS(ptrace), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_LOG, SCMP_SYS(getpid), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_TRACE(7), SCMP_SYS(kill), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_NOTIFY, SCMP_SYS(ioctl), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_KILL_THREAD, SCMP_SYS(execve), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX)));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_NE, AF_UNIX)));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(lseek), 1, SCMP_A1(SCMP_CMP_EQ, 0x100000000ULL)));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(200), SCMP_SYS(getuid), 0));
	save(c, "x86_64-allowlist");
	expect("x86_64-allowlist", "x86_64", "read", "", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "0", "", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "write", "1", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "write", "2", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "write", "3", "ERRNO(9)");
	expect("x86_64-allowlist", "x86_64", "write", "0x100000000", "ERRNO(9)");
	expect("x86_64-allowlist", "x86_64", "exit_group", "", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "openat", "", "ERRNO(1)");
	expect("x86_64-allowlist", "x86_64", "open", "", "ERRNO(38)");
	expect("x86_64-allowlist", "x86_64", "ptrace", "", "TRAP");
	expect("x86_64-allowlist", "x86_64", "getpid", "", "LOG");
	expect("x86_64-allowlist", "x86_64", "kill", "", "TRACE(7)");
	expect("x86_64-allowlist", "x86_64", "ioctl", "", "USER_NOTIF");
	expect("x86_64-allowlist", "x86_64", "execve", "", "KILL_THREAD");
	expect("x86_64-allowlist", "x86_64", "socket", "1,1,0", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "socket", "2,1,0", "ERRNO(13)");
	expect("x86_64-allowlist", "x86_64", "mmap", "0,4096,3", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "mmap", "0,4096,7", "KILL_PROCESS");
	expect("x86_64-allowlist", "x86_64", "lseek", "3,0x100000000", "ALLOW");
	expect("x86_64-allowlist", "x86_64", "lseek", "3,0", "KILL_PROCESS");
	expect("x86_64-allowlist", "x86_64", "lseek", "3,1", "KILL_PROCESS");
	expect("x86_64-allowlist", "x86_64", "getuid", "", "ERRNO(200)");
	expect("x86_64-allowlist", "x86_64", "fork", "", "KILL_PROCESS");
	expect("x86_64-allowlist", "x86_64", "1073741824", "", "KILL_THREAD"); /* x32 syscall bit: the bad-arch action (KILL) */
	expect("x86_64-allowlist", "aarch64", "read", "", "KILL_THREAD"); /* wrong arch: bad-arch action (KILL) */

	/* 2. aarch64 deny-list: default ALLOW. */
	c = seccomp_init(SCMP_ACT_ALLOW);
	CHECK(seccomp_arch_remove(c, SCMP_ARCH_NATIVE) == 0 ? seccomp_arch_add(c, SCMP_ARCH_AARCH64) : 1);
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(mount), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_KILL_PROCESS, SCMP_SYS(kexec_load), 0));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER)));
	CHECK(seccomp_rule_add(c, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(personality), 1, SCMP_A0(SCMP_CMP_GE, 0x10)));
	save(c, "aarch64-denylist");
	expect("aarch64-denylist", "aarch64", "read", "", "ALLOW");
	expect("aarch64-denylist", "aarch64", "unshare", "", "ERRNO(1)");
	expect("aarch64-denylist", "aarch64", "mount", "", "ERRNO(1)");
	expect("aarch64-denylist", "aarch64", "kexec_load", "", "KILL_PROCESS");
	expect("aarch64-denylist", "aarch64", "clone", "0x10000000", "ERRNO(1)");
	expect("aarch64-denylist", "aarch64", "clone", "0x10000011", "ERRNO(1)");
	expect("aarch64-denylist", "aarch64", "clone", "0x11", "ALLOW");
	expect("aarch64-denylist", "aarch64", "personality", "0x10", "ERRNO(22)");
	expect("aarch64-denylist", "aarch64", "personality", "0xf", "ALLOW");
	expect("aarch64-denylist", "aarch64", "personality", "0x100000000", "ERRNO(22)");
	expect("aarch64-denylist", "x86_64", "read", "", "KILL_THREAD");

	/* 3. The same allow-list shape, compiled as a binary tree (optimize level 2). */
	c = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
	CHECK(seccomp_arch_remove(c, SCMP_ARCH_NATIVE) == 0 ? seccomp_arch_add(c, SCMP_ARCH_X86_64) : 1);
	CHECK(seccomp_attr_set(c, SCMP_FLTATR_CTL_OPTIMIZE, 2));
	const int allowed[] = { SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(close), SCMP_SYS(fstat), SCMP_SYS(mmap),
		SCMP_SYS(munmap), SCMP_SYS(brk), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigreturn), SCMP_SYS(futex),
		SCMP_SYS(exit_group), SCMP_SYS(clock_gettime), SCMP_SYS(getrandom), SCMP_SYS(epoll_wait), SCMP_SYS(openat) };
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) CHECK(seccomp_rule_add(c, SCMP_ACT_ALLOW, allowed[i], 0));
	save(c, "x86_64-tree");
	const char *names[] = { "read", "write", "close", "fstat", "mmap", "munmap", "brk", "rt_sigaction", "rt_sigreturn",
		"futex", "exit_group", "clock_gettime", "getrandom", "epoll_wait", "openat" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) expect("x86_64-tree", "x86_64", names[i], "", "ALLOW");
	const char *denied[] = { "open", "socket", "execve", "ptrace", "getpid", "kill", "prctl", "bpf", "450" };
	for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) expect("x86_64-tree", "x86_64", denied[i], "", "ERRNO(38)");

	fprintf(cases, "\n]}\n");
	fclose(cases);
	return 0;
}
