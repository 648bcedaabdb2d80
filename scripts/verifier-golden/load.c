/*
 * Loads one eBPF program with bpf(BPF_PROG_LOAD) and prints the kernel's answer. Never attaches.
 * Used by scripts/verifier-golden/generate.ts; run as root on the reference kernel.
 *
 * Request on stdin, one item per line:
 *   prog_type N | attach_type N | prog_flags N | license TEXT | log_level N | log_size N
 *   map TYPE KEY_SIZE VALUE_SIZE MAX_ENTRIES FLAGS BTF NAME   (BTF: none | spin_lock)
 *   insns HEX                                                  (the program, 8 bytes per slot)
 *   func_info OFF...                                           (BTF func_info: subprogram starts)
 *   attach_btf KIND NAME                                       (attach_btf_id: a vmlinux type, KIND struct|typedef|func)
 * Maps are created in order before the load. Every LD_IMM64 with src 1 (map fd) or 2 (map value)
 * carries the map's index in its imm; it is replaced by the map's fd.
 *
 * With func_info the program gets BTF: every subprogram is a static `int fN(void)`.
 *
 * Answer on stdout: one line "ret R errno E true_size T log_len L", then the L bytes of the log.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/btf.h>

#define MAX_MAPS 16

struct map_req { uint32_t type, key, value, max, flags; char btf[32], name[64]; };

static long sys_bpf(int cmd, void *attr, unsigned size) { return syscall(__NR_bpf, cmd, attr, size); }

static void put32(uint8_t *a, int off, uint32_t v) { memcpy(a + off, &v, 4); }
static void put64(uint8_t *a, int off, uint64_t v) { memcpy(a + off, &v, 8); }

/* BTF for a map value `struct val { struct bpf_spin_lock lock; int data; }` keyed by int. */
static int spin_lock_btf(uint32_t *key_id, uint32_t *value_id) {
  struct btf *btf = btf__new_empty();
  if (!btf) return -1;
  int int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
  int lock_id = btf__add_struct(btf, "bpf_spin_lock", 4);
  btf__add_field(btf, "val", int_id, 0, 0);
  int val_id = btf__add_struct(btf, "val", 8);
  btf__add_field(btf, "lock", lock_id, 0, 0);
  btf__add_field(btf, "data", int_id, 32, 0);
  if (btf__load_into_kernel(btf)) return -1;
  *key_id = int_id;
  *value_id = val_id;
  return btf__fd(btf);
}

/* Program BTF for func_info: one static `int fN(void)` per subprogram start. */
static int func_info_btf(const uint32_t *starts, int n, uint32_t *records) {
  struct btf *btf = btf__new_empty();
  if (!btf) return -1;
  int int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
  int proto_id = btf__add_func_proto(btf, int_id);
  for (int i = 0; i < n; i++) {
    char name[16];
    snprintf(name, sizeof name, "f%d", i);
    records[2 * i] = starts[i];
    records[2 * i + 1] = (uint32_t)btf__add_func(btf, name, BTF_FUNC_STATIC, proto_id);
  }
  if (btf__load_into_kernel(btf)) return -1;
  return btf__fd(btf);
}

static int create_map(const struct map_req *m) {
  uint8_t attr[128] = {0};
  put32(attr, 0, m->type);
  put32(attr, 4, m->key);
  put32(attr, 8, m->value);
  put32(attr, 12, m->max);
  put32(attr, 16, m->flags);
  strncpy((char *)attr + 28, m->name, 15); /* map_name[16] */
  if (strcmp(m->btf, "spin_lock") == 0) {
    uint32_t key_id, value_id;
    int fd = spin_lock_btf(&key_id, &value_id);
    if (fd < 0) return -1;
    put32(attr, 48, fd);       /* btf_fd */
    put32(attr, 52, key_id);   /* btf_key_type_id */
    put32(attr, 56, value_id); /* btf_value_type_id */
  } else if (strcmp(m->btf, "none") != 0) {
    fprintf(stderr, "load: unknown BTF layout '%s'\n", m->btf);
    exit(2);
  }
  return (int)sys_bpf(0 /* BPF_MAP_CREATE */, attr, sizeof attr);
}

static int nibble(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

static uint8_t *parse_hex(const char *hex, size_t *len) {
  size_t n = strlen(hex) / 2;
  uint8_t *out = malloc(n ? n : 1);
  for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  *len = n;
  return out;
}

int main(void) {
  uint32_t prog_type = 0, attach_type = 0, prog_flags = 0, log_level = 0, log_size = 0, attach_btf_id = 0;
  char license[128] = "GPL";
  struct map_req maps[MAX_MAPS];
  int map_fds[MAX_MAPS], nmaps = 0;
  uint8_t *insns = NULL;
  size_t insns_len = 0;
  uint32_t func_starts[64];
  int nfuncs = 0;

  size_t cap = 0;
  char *line = NULL;
  while (getline(&line, &cap, stdin) > 0) {
    line[strcspn(line, "\n")] = 0;
    if (sscanf(line, "prog_type %u", &prog_type) == 1) continue;
    if (sscanf(line, "attach_type %u", &attach_type) == 1) continue;
    if (sscanf(line, "prog_flags %u", &prog_flags) == 1) continue;
    if (sscanf(line, "log_level %u", &log_level) == 1) continue;
    if (sscanf(line, "log_size %u", &log_size) == 1) continue;
    if (strncmp(line, "license ", 8) == 0) { snprintf(license, sizeof license, "%s", line + 8); continue; }
    if (strncmp(line, "func_info", 9) == 0) {
      char *p = line + 9, *end;
      for (long v; nfuncs < 64 && (v = strtol(p, &end, 10), end != p); p = end) func_starts[nfuncs++] = (uint32_t)v;
      continue;
    }
    if (strncmp(line, "attach_btf ", 11) == 0) {
      char kind[16], name[128];
      if (sscanf(line, "attach_btf %15s %127s", kind, name) != 2) { fprintf(stderr, "load: bad attach_btf line\n"); return 2; }
      int k = strcmp(kind, "struct") == 0 ? BTF_KIND_STRUCT : strcmp(kind, "typedef") == 0 ? BTF_KIND_TYPEDEF : BTF_KIND_FUNC;
      struct btf *vmlinux = btf__load_vmlinux_btf();
      int id = vmlinux ? btf__find_by_name_kind(vmlinux, name, k) : -1;
      if (id <= 0) { fprintf(stderr, "load: %s %s not in vmlinux BTF\n", kind, name); return 2; }
      attach_btf_id = (uint32_t)id;
      continue;
    }
    if (strncmp(line, "insns ", 6) == 0) { insns = parse_hex(line + 6, &insns_len); continue; }
    if (strncmp(line, "map ", 4) == 0 && nmaps < MAX_MAPS) {
      struct map_req *m = &maps[nmaps];
      if (sscanf(line, "map %u %u %u %u %u %31s %63s", &m->type, &m->key, &m->value, &m->max, &m->flags, m->btf, m->name) != 7) {
        fprintf(stderr, "load: bad map line '%s'\n", line);
        return 2;
      }
      map_fds[nmaps] = create_map(m);
      if (map_fds[nmaps] < 0) { fprintf(stderr, "load: creating map %s: %s\n", m->name, strerror(errno)); return 2; }
      nmaps++;
      continue;
    }
    if (line[0]) { fprintf(stderr, "load: unknown request line '%s'\n", line); return 2; }
  }
  if (!insns || insns_len % 8) { fprintf(stderr, "load: no instructions\n"); return 2; }

  /* Map references: LD_IMM64 (opcode 0x18) with src 1 or 2 holds a map index; give it the fd. */
  for (size_t off = 0; off + 16 <= insns_len; off += 8) {
    uint8_t src = insns[off + 1] >> 4;
    if (insns[off] != 0x18 || (src != 1 && src != 2)) continue;
    int32_t index;
    memcpy(&index, insns + off + 4, 4);
    if (index >= 0 && index < nmaps) memcpy(insns + off + 4, &map_fds[index], 4);
    off += 8;
  }

  char *log = log_size ? calloc(1, log_size) : NULL;
  uint8_t attr[144] = {0};
  put32(attr, 0, prog_type);
  put32(attr, 4, (uint32_t)(insns_len / 8));
  put64(attr, 8, (uint64_t)(uintptr_t)insns);
  put64(attr, 16, (uint64_t)(uintptr_t)license);
  put32(attr, 24, log_level);
  put32(attr, 28, log_size);
  put64(attr, 32, (uint64_t)(uintptr_t)log);
  put32(attr, 44, prog_flags);
  put32(attr, 68, attach_type);
  put32(attr, 108, attach_btf_id);
  uint32_t records[128];
  if (nfuncs) {
    int btf_fd = func_info_btf(func_starts, nfuncs, records);
    if (btf_fd < 0) { fprintf(stderr, "load: loading program BTF failed\n"); return 2; }
    put32(attr, 72, btf_fd);                           /* prog_btf_fd */
    put32(attr, 76, 8);                                /* func_info_rec_size */
    put64(attr, 80, (uint64_t)(uintptr_t)records);     /* func_info */
    put32(attr, 88, nfuncs);                           /* func_info_cnt */
  }
  long ret = sys_bpf(5 /* BPF_PROG_LOAD */, attr, sizeof attr);
  int err = ret < 0 ? errno : 0;
  uint32_t true_size;
  memcpy(&true_size, attr + 140, 4); /* log_true_size */
  size_t log_len = log ? strnlen(log, log_size) : 0;
  printf("ret %ld errno %d true_size %u log_len %zu\n", ret, err, true_size, log_len);
  if (log_len) fwrite(log, 1, log_len, stdout);
  return 0;
}
