/*
 * Native baseline for `npm run bench`: the three workloads of vm-anchors.md §6 written directly in C.
 * Each function is kept out of line and its inputs pass through empty asm barriers so the compiler
 * cannot fold or hoist the work across runs. Prints, per workload: name, best wall time and best
 * thread CPU time in ns over the repetitions, result in hex.
 *
 * Build: cc -O2 -o workloads workloads.c
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BARRIER(x) __asm__ volatile("" : "+r"(x))
#define NOINLINE __attribute__((noinline))

static double clock_ns(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Wall and CPU time of one measurement; keeps the best of each. */
struct best { double wall, cpu; };
static double w0, c0;
static void start(void) { w0 = clock_ns(CLOCK_MONOTONIC); c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID); }
static void stop(struct best *b) {
  double w = clock_ns(CLOCK_MONOTONIC) - w0, c = clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
  if (w < b->wall) b->wall = w;
  if (c < b->cpu) b->cpu = c;
}

NOINLINE static uint64_t arith(uint64_t iterations) {
  uint64_t r0 = 0, r3 = 0x5851f42d4c957f2dULL;
  BARRIER(r3);
  for (uint64_t r4 = iterations; r4 != 0; r4--) {
    r0 *= r3;
    r0 += 12345;
    r0 ^= r0 >> 13;
  }
  return r0;
}

NOINLINE static uint64_t memsum(const uint8_t *mem, uint64_t len, int passes) {
  uint64_t r0 = 0;
  for (int pass = 0; pass < passes; pass++) {
    const uint8_t *p = mem;
    BARRIER(p);
    for (const uint8_t *end = p + len; p != end; p++) r0 += *p;
  }
  return r0;
}

NOINLINE static uint64_t filter(const uint8_t *pkt) {
  BARRIER(pkt);
  uint64_t ethertype = ((uint64_t)pkt[13] << 8) | pkt[12];
  if (ethertype != 0x8) return 0;
  if (pkt[23] != 6) return 0;
  const uint8_t *tcp = pkt + 14 + ((pkt[14] & 0xf) << 2);
  uint16_t sport, dport;
  __builtin_memcpy(&dport, tcp + 2, 2);
  __builtin_memcpy(&sport, tcp, 2);
  return dport == 0x5000 || sport == 0x5000;
}

static const uint8_t PACKET[100] = {
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x56, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0xf9, 0x4d, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8,
  0x00, 0x02, 0x27, 0x10, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
  0x20, 0x00, 0xc5, 0x18, 0x00, 0x00, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
  0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
  0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44, 0x44,
  0x44, 0x44, 0x44, 0x44,
};

int main(int argc, char **argv) {
  int reps = argc > 1 ? atoi(argv[1]) : 5;
  long filter_runs = argc > 2 ? atol(argv[2]) : 1000000;
  static uint8_t mem[65536];
  for (int i = 0; i < 65536; i++) mem[i] = (uint8_t)(((i * 131 + 7) ^ (i >> 8)) & 0xff);

  struct best b = {1e30, 1e30};
  uint64_t r = 0;
  for (int k = 0; k < reps; k++) { start(); r = arith(10000000); stop(&b); }
  printf("arith %.0f %.0f %llx\n", b.wall, b.cpu, (unsigned long long)r);

  b.wall = b.cpu = 1e30;
  for (int k = 0; k < reps; k++) { start(); r = memsum(mem, sizeof mem, 100); stop(&b); }
  printf("memsum %.0f %.0f %llx\n", b.wall, b.cpu, (unsigned long long)r);

  b.wall = b.cpu = 1e30;
  for (int k = 0; k < reps; k++) {
    uint64_t matches = 0;
    start();
    for (long i = 0; i < filter_runs; i++) matches += filter(PACKET);
    stop(&b);
    r = matches == (uint64_t)filter_runs;
  }
  printf("filter %.0f %.0f %llx\n", b.wall, b.cpu, (unsigned long long)r);
  return 0;
}
