/*
 * Records what libbpf (the installed libbpf 1.1) does to each program of a BPF object before it
 * reaches the kernel: CO-RE relocations against a given vmlinux BTF, `__ksym` externs, appended
 * subprograms. Built against the static libbpf with `-Wl,--wrap=bpf_prog_load`, so the final
 * instructions of every program are captured where libbpf hands them to BPF_PROG_LOAD, and the
 * load itself never happens (a placeholder descriptor is returned). Maps are created for real, so
 * run it as root.
 *
 *   libbpf-relocate VMLINUX.btf OBJ...   → one JSON line per object on stdout
 *
 * Per object: libbpf's debug lines about relocations and externs, the load error if any, and per
 * program its final instructions ([code, dst, src, off, imm]) and function starts (func_info).
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct bpf_object *current;
static FILE *programs_json; /* programs of the current object, as JSON array items */
static int programs_count;

static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

/* libbpf's log: keep the lines about relocations and externs. */
static char *log_lines;
static size_t log_len;
static int log_count;
static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args) {
  char line[4096];
  vsnprintf(line, sizeof(line), fmt, args);
  size_t n = strlen(line);
  while (n && line[n - 1] == '\n') line[--n] = 0;
  if (level != LIBBPF_WARN && !strstr(line, "relo #") && !strstr(line, "extern") && !strstr(line, "CO-RE")) return 0;
  if (strstr(line, "against '")) return 0; /* ELF relocations, not CO-RE */
  if (strstr(line, "found target candidate")) return 0; /* one line per candidate: noise */
  FILE *f = fmemopen(NULL, 2 * n + 16, "w+");
  if (!f) return 0;
  json_string(f, line);
  long len = ftell(f);
  rewind(f);
  log_lines = realloc(log_lines, log_len + (size_t)len + 2);
  if (log_count++) log_lines[log_len++] = ',';
  log_len += fread(log_lines + log_len, 1, (size_t)len, f);
  log_lines[log_len] = 0;
  fclose(f);
  return 0;
}

int __real_bpf_prog_load(enum bpf_prog_type, const char *, const char *, const struct bpf_insn *, size_t,
                         const struct bpf_prog_load_opts *);

int __wrap_bpf_prog_load(enum bpf_prog_type type, const char *name, const char *license, const struct bpf_insn *insns,
                         size_t cnt, const struct bpf_prog_load_opts *opts) {
  struct bpf_program *prog, *match = NULL;
  if (current) {
    bpf_object__for_each_program(prog, current) {
      if (bpf_program__insns(prog) == insns) match = prog;
    }
  }
  if (!match) return __real_bpf_prog_load(type, name, license, insns, cnt, opts); /* feature probes */
  FILE *f = programs_json;
  if (programs_count++) fputc(',', f);
  fputs("{\"name\":", f);
  json_string(f, bpf_program__name(match));
  fputs(",\"section\":", f);
  json_string(f, bpf_program__section_name(match));
  fputs(",\"insns\":[", f);
  for (size_t i = 0; i < cnt; i++) {
    fprintf(f, "%s[%u,%u,%u,%d,%d]", i ? "," : "", insns[i].code, insns[i].dst_reg, insns[i].src_reg, insns[i].off, insns[i].imm);
  }
  fputs("],\"funcs\":[", f);
  const struct btf *btf = bpf_object__btf(current);
  if (opts && opts->func_info && btf) {
    const char *base = opts->func_info;
    for (__u32 i = 0; i < opts->func_info_cnt; i++) {
      const struct bpf_func_info *fi = (const void *)(base + (size_t)i * opts->func_info_rec_size);
      const struct btf_type *t = btf__type_by_id(btf, fi->type_id);
      fprintf(f, "%s{\"insn\":%u,\"name\":", i ? "," : "", fi->insn_off);
      json_string(f, t ? btf__name_by_offset(btf, t->name_off) : "");
      fputc('}', f);
    }
  }
  fputs("]}", f);
  return open("/dev/null", O_RDONLY | O_CLOEXEC); /* stands for the program; never a real one */
}

int __real_bpf_map_create(enum bpf_map_type, const char *, __u32, __u32, __u32, const struct bpf_map_create_opts *);

/*
 * Maps are created for real; one the kernel refuses (a size left for user space to fill in, a type
 * this kernel lacks) is replaced by a one-element array, so that loading reaches the programs. Map
 * descriptors in the instructions are masked by the comparison anyway.
 */
int __wrap_bpf_map_create(enum bpf_map_type type, const char *name, __u32 key_size, __u32 value_size, __u32 max_entries,
                          const struct bpf_map_create_opts *opts) {
  int fd = __real_bpf_map_create(type, name, key_size, value_size, max_entries, opts);
  if (fd >= 0 || !current) return fd;
  return __real_bpf_map_create(BPF_MAP_TYPE_ARRAY, name, 4, value_size ? value_size : 8, 1, NULL);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s VMLINUX.btf OBJ...\n", argv[0]);
    return 2;
  }
  libbpf_set_print(print_fn);
  for (int a = 2; a < argc; a++) {
    char *programs = NULL;
    size_t programs_size = 0;
    programs_json = open_memstream(&programs, &programs_size);
    programs_count = 0;
    log_len = 0;
    log_count = 0;
    free(log_lines);
    log_lines = calloc(1, 1);
    LIBBPF_OPTS(bpf_object_open_opts, opts, .btf_custom_path = argv[1]);
    struct bpf_object *obj = bpf_object__open_file(argv[a], &opts);
    int err = 0;
    const char *stage = "open";
    if (!obj) {
      err = -errno;
    } else {
      struct bpf_program *prog;
      bpf_object__for_each_program(prog, obj) bpf_program__set_autoload(prog, true);
      current = obj;
      stage = "load";
      err = bpf_object__load(obj);
      current = NULL;
    }
    fclose(programs_json);
    printf("{\"object\":");
    json_string(stdout, argv[a]);
    if (err) printf(",\"error\":{\"stage\":\"%s\",\"errno\":%d}", stage, -err);
    printf(",\"log\":[%s],\"programs\":[%s]}\n", log_lines, programs ? programs : "");
    free(programs);
    if (obj) bpf_object__close(obj);
  }
  return 0;
}
