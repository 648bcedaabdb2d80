/*
 * Runs classic BPF programs in the Linux kernel as socket filters and reports what they returned,
 * as seen through an AF_PACKET socket: a packet is received with min(return value, length) bytes,
 * or not at all when the filter returned 0. Used by scripts/gen-kernel-cbpf-goldens.sh as an oracle
 * for tsbpf's classic run-time semantics.
 *
 *   kernel-cbpf-run TX_IF RX_IF PROGRAMS PACKETS > results.json
 * PROGRAMS: one program per line in bpf_asm output format (`N,code jt jf k,...`).
 * PACKETS: one Ethernet frame per line, in hex, sent on TX_IF and received on RX_IF.
 * Output: {"rx_ifindex":N,"results":[[{"len":L,"pkttype":T} | {"attach_errno":E} | null, ...], ...]}
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_LINE (1 << 20)

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

static int parse_hex(const char *s, unsigned char *out) {
	int n = 0;
	while (s[0] && s[1] && s[0] != '\n') {
		unsigned int b;
		if (sscanf(s, "%2x", &b) != 1) return -1;
		out[n++] = (unsigned char)b;
		s += 2;
	}
	return n;
}

int main(int argc, char **argv) {
	if (argc != 5) { fprintf(stderr, "usage: %s TX_IF RX_IF PROGRAMS PACKETS\n", argv[0]); return 2; }
	int tx_if = if_nametoindex(argv[1]), rx_if = if_nametoindex(argv[2]);
	if (!tx_if || !rx_if) { perror("if_nametoindex"); return 1; }
	static char line[MAX_LINE];
	static unsigned char frames[256][2048];
	int frame_len[256], nframes = 0;
	FILE *pf = fopen(argv[4], "r");
	if (!pf) { perror(argv[4]); return 1; }
	while (nframes < 256 && fgets(line, sizeof line, pf)) {
		int n = parse_hex(line, frames[nframes]);
		if (n >= 14) frame_len[nframes++] = n;
	}
	fclose(pf);

	int tx = socket(AF_PACKET, SOCK_RAW, 0);
	if (tx < 0) { perror("socket"); return 1; }
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = tx_if, .sll_halen = ETH_ALEN };

	FILE *progs = fopen(argv[3], "r");
	if (!progs) { perror(argv[3]); return 1; }
	static struct sock_filter insns[4096];
	printf("{\"rx_ifindex\":%d,\"results\":[", rx_if);
	int first_prog = 1;
	while (fgets(line, sizeof line, progs)) {
		int n = parse_program(line, insns);
		if (n < 0) continue;
		printf("%s\n[", first_prog ? "" : ",");
		first_prog = 0;
		/* Protocol 0 receives nothing until bind, so no packet slips in before the filter. */
		int rx = socket(AF_PACKET, SOCK_RAW, 0);
		struct sock_fprog fprog = { .len = (unsigned short)n, .filter = insns };
		if (setsockopt(rx, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) < 0) {
			printf("{\"attach_errno\":%d}]", errno);
			close(rx);
			continue;
		}
		struct sockaddr_ll me = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = rx_if };
		if (bind(rx, (struct sockaddr *)&me, sizeof me) < 0) { perror("bind"); return 1; }
		for (int f = 0; f < nframes; f++) {
			memcpy(to.sll_addr, frames[f], ETH_ALEN);
			to.sll_protocol = (unsigned short)(frames[f][12] | frames[f][13] << 8);
			if (sendto(tx, frames[f], frame_len[f], 0, (struct sockaddr *)&to, sizeof to) < 0) { perror("sendto"); return 1; }
			struct pollfd p = { .fd = rx, .events = POLLIN };
			int got = 0;
			while (poll(&p, 1, got ? 0 : 40) > 0) {
				static unsigned char buf[65536];
				struct sockaddr_ll from;
				socklen_t fl = sizeof from;
				ssize_t r = recvfrom(rx, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
				if (r < 0) break;
				if (!got) printf("%s{\"len\":%zd,\"pkttype\":%d}", f ? "," : "", r, from.sll_pkttype);
				got++;
			}
			if (!got) printf("%snull", f ? "," : "");
		}
		printf("]");
		close(rx);
	}
	printf("\n]}\n");
	return 0;
}
