// SPDX-License-Identifier: MIT
/*
 * Kernel reference for the examples: loads an object with libbpf, runs one program with
 * BPF_PROG_TEST_RUN on every packet of a classic pcap file, and prints JSON with the return value
 * and output packet of each run, the ring-buffer records each run produced, and the final contents of every map.
 * Pinned to CPU 0 so per-CPU maps are deterministic. Needs root.
 *
 *   cc -O2 -o run-examples run-examples.c -lbpf
 *   ./run-examples OBJ PROGRAM PCAP > golden.json
 *   ./run-examples OBJ PROGRAM --ctx < contexts.hex > golden.json   (raw tracepoints)
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex(const void *p, size_t n)
{
	const unsigned char *b = p;
	putchar('"');
	for (size_t i = 0; i < n; i++)
		printf("%02x", b[i]);
	putchar('"');
}

static int events_first = 1;
static int on_event(void *ctx, void *data, size_t size)
{
	printf("%s", events_first ? "" : ", ");
	events_first = 0;
	hex(data, size);
	return 0;
}

static void dump_map(struct bpf_map *map, int first)
{
	const char *name = bpf_map__name(map);
	enum bpf_map_type type = bpf_map__type(map);
	int fd = bpf_map__fd(map);
	unsigned ks = bpf_map__key_size(map), vs = bpf_map__value_size(map);
	int ncpu = libbpf_num_possible_cpus();
	int percpu = type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	size_t vbytes = percpu ? ((vs + 7) & ~7u) * ncpu : vs;
	/* libbpf names internal maps "<obj prefix>.bss"; report the section name. */
	const char *dot = bpf_map__is_internal(map) ? strchr(name, '.') : NULL;
	printf("%s\n    {\"name\": \"%s\", \"type\": %d, \"entries\": [", first ? "" : ",", dot ? dot : name, type);
	if (type == BPF_MAP_TYPE_RINGBUF || type == BPF_MAP_TYPE_PROG_ARRAY || type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		printf("]}");
		return;
	}
	unsigned char *key = calloc(1, ks + 8), *next = calloc(1, ks + 8), *val = calloc(1, vbytes + 8);
	int n = 0;
	if (type == BPF_MAP_TYPE_QUEUE || type == BPF_MAP_TYPE_STACK) {
		/* No keys to walk: pop everything, in pop order. */
		while (bpf_map_lookup_and_delete_elem(fd, NULL, val) == 0) {
			printf("%s{\"key\": \"\", \"value\": ", n++ ? ", " : "");
			hex(val, vbytes);
			printf("}");
		}
		printf("]}");
		free(key); free(next); free(val);
		return;
	}
	int err = bpf_map_get_next_key(fd, NULL, next);
	while (!err) {
		if (bpf_map_lookup_elem(fd, next, val) == 0) {
			printf("%s{\"key\": ", n++ ? ", " : "");
			hex(next, ks);
			printf(", \"value\": ");
			hex(val, vbytes);
			printf("}");
		}
		memcpy(key, next, ks);
		err = bpf_map_get_next_key(fd, key, next);
	}
	printf("]}");
	free(key); free(next); free(val);
}

/* Non-packet programs (raw tracepoints): one run per line of hex context bytes on `in`. */
static int run_contexts(struct bpf_object *obj, struct bpf_program *prog, FILE *in)
{
	char line[4096];
	unsigned char ctx[2048];
	int n = 0;
	printf("{\n  \"program\": \"%s\",\n  \"cpus\": %d,\n  \"runs\": [", bpf_program__name(prog), libbpf_num_possible_cpus());
	while (fgets(line, sizeof(line), in)) {
		size_t len = 0;
		for (char *p = line; p[0] && p[1] && p[0] != '\n' && len < sizeof(ctx); p += 2)
			sscanf(p, "%2hhx", &ctx[len++]);
		LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = ctx, .ctx_size_in = len);
		int err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
		printf("%s\n    {\"ctx\": ", n++ ? "," : "");
		hex(ctx, len);
		printf(", \"retval\": %u, \"err\": %d}", opts.retval, err ? -errno : 0);
	}
	printf("\n  ],\n  \"maps\": [");
	struct bpf_map *map;
	int first = 1;
	bpf_object__for_each_map(map, obj) {
		dump_map(map, first);
		first = 0;
	}
	printf("\n  ]\n}\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s OBJ PROGRAM PCAP\n", argv[0]);
		return 2;
	}
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);

	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, argv[2]);
	if (!prog) {
		fprintf(stderr, "no program %s\n", argv[2]);
		return 1;
	}
	struct ring_buffer *rb = NULL;
	struct bpf_map *map;
	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF && !rb)
			rb = ring_buffer__new(bpf_map__fd(map), on_event, NULL, NULL);

	if (strcmp(argv[3], "--ctx") == 0)
		return run_contexts(obj, prog, stdin);

	FILE *f = fopen(argv[3], "rb");
	unsigned char hdr[24], rec[16];
	static unsigned char in[65536], out[65536 + 4096];
	if (!f || fread(hdr, 1, 24, f) != 24 || *(uint32_t *)hdr != 0xa1b2c3d4) {
		fprintf(stderr, "%s: not a little-endian microsecond pcap\n", argv[3]);
		return 1;
	}
	printf("{\n  \"object\": \"%s\",\n  \"program\": \"%s\",\n  \"cpus\": %d,\n  \"runs\": [", argv[1], argv[2], libbpf_num_possible_cpus());
	int n = 0;
	while (fread(rec, 1, 16, f) == 16) {
		uint32_t caplen = *(uint32_t *)(rec + 8);
		if (caplen > sizeof(in) || fread(in, 1, caplen, f) != caplen)
			break;
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in, .data_size_in = caplen, .data_out = out,
			    .data_size_out = sizeof(out), .repeat = 1);
		int err = bpf_prog_test_run_opts(bpf_program__fd(prog), &opts);
		printf("%s\n    {\"retval\": %u, \"err\": %d, \"out\": ", n++ ? "," : "", opts.retval, err ? -errno : 0);
		hex(out, err ? 0 : opts.data_size_out);
		/* The reader keeps up: records are consumed after every run. */
		printf(", \"events\": [");
		events_first = 1;
		if (rb)
			ring_buffer__consume(rb);
		printf("]}");
	}
	printf("\n  ],\n  \"maps\": [");
	int first = 1;
	bpf_object__for_each_map(map, obj) {
		dump_map(map, first);
		first = 0;
	}
	printf("\n  ]\n}\n");
	return 0;
}
