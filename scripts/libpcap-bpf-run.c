/*
 * libpcap's userland classic BPF as an oracle: for each line of PROGRAMS — `R ` or `V ` then a
 * program in bpf_asm output format — prints `bpf_validate`'s verdict and, for `R` lines that are
 * valid, `bpf_filter`'s return value on every frame of FRAMES (hex, one per line; wire length =
 * captured length + 4 to tell them apart). Output, one line per program: "invalid", "valid" (V) or
 * "valid r0 r1 ...". Programs bpf_validate passes but bpf_filter cannot run (it abort()s on RET X and
 * on unknown MISC/RET codes; a backward jump may loop forever) must be `V` lines.
 * Used by scripts/gen-libpcap-goldens.sh.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_program(const char *s, struct bpf_insn *out) {
	char *end;
	long n = strtol(s, &end, 10);
	if (*end != ',' || n < 1 || n > 4096) return -1;
	s = end + 1;
	for (long i = 0; i < n; i++) {
		unsigned long code = strtoul(s, &end, 10), jt = strtoul(end, &end, 10), jf = strtoul(end, &end, 10), k = strtoul(end, &end, 10);
		if (*end != ',') return -1;
		out[i] = (struct bpf_insn){ (unsigned short)code, (unsigned char)jt, (unsigned char)jf, (bpf_u_int32)k };
		s = end + 1;
	}
	return (int)n;
}

int main(int argc, char **argv) {
	if (argc != 3) { fprintf(stderr, "usage: %s PROGRAMS FRAMES\n", argv[0]); return 2; }
	static char line[1 << 20];
	static unsigned char frames[512][2048];
	static int lens[512];
	int nframes = 0;
	FILE *ff = fopen(argv[2], "r");
	if (!ff) { perror(argv[2]); return 1; }
	while (nframes < 512 && fgets(line, sizeof line, ff)) {
		int n = 0;
		for (char *p = line; p[0] && p[1] && p[0] != '\n'; p += 2) {
			unsigned int b;
			sscanf(p, "%2x", &b);
			frames[nframes][n++] = (unsigned char)b;
		}
		lens[nframes++] = n;
	}
	fclose(ff);
	FILE *pf = fopen(argv[1], "r");
	if (!pf) { perror(argv[1]); return 1; }
	static struct bpf_insn insns[4096];
	while (fgets(line, sizeof line, pf)) {
		int run = line[0] == 'R';
		int n = parse_program(line + 2, insns);
		if (n < 0) { printf("parse-error\n"); continue; }
		if (!bpf_validate(insns, n)) { printf("invalid\n"); fflush(stdout); continue; }
		printf("valid");
		if (!run) { printf("\n"); fflush(stdout); continue; }
		for (int f = 0; f < nframes; f++) printf(" %u", bpf_filter(insns, frames[f], lens[f] + 4, lens[f]));
		printf("\n");
		fflush(stdout);
	}
	return 0;
}
