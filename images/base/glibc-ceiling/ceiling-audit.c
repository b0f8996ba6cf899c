/*
 * lsim's glibc ceiling (docs/glibc-ceiling.md): an rtld-audit module (LD_AUDIT, see rtld-audit(7),
 * https://man7.org/linux/man-pages/man7/rtld-audit.7.html) that holds the objects a function brings
 * (/opt, /var/task, /tmp) to the symbol versions Lambda's Amazon Linux provides, while the image's own
 * Debian-built interpreter and libraries keep the newer glibc they were built for.
 *
 * How: la_objopen runs after an object is mapped and before the loader checks its version needs
 * (glibc elf/dl-load.c calls the audit hook, elf/dl-version.c checks later). For each need of a version
 * newer than the ceiling, the module changes the need's ELF hash in the object's own private mapping, so
 * the loader's own check finds no such version and fails exactly as it would on Lambda: its words
 * ("version `GLIBC_2.36' not found (required by ...)"), exit status 1 for a program, dlopen's error for
 * a module. The object is then unmapped (or the process exits), so the changed page never runs.
 *
 * Freestanding (no libc, no headers): built by tcc in the image, it links against nothing and runs in
 * every suite. CEIL_GLIBC, CEIL_GLIBCXX, CEIL_CXXABI and CEIL_GCC are set per Amazon Linux generation
 * by the build (images/base/Dockerfile).
 */

typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef long i64;

struct dyn {
  i64 tag;
  u64 val;
};

/* The public head of glibc's struct link_map (<link.h>). */
struct link_map {
  u64 l_addr;
  char *l_name;
  struct dyn *l_ld;
  struct link_map *l_next, *l_prev;
};

struct verneed {
  u16 vn_version, vn_cnt;
  u32 vn_file, vn_aux, vn_next;
};

struct vernaux {
  u32 vna_hash;
  u16 vna_flags, vna_other;
  u32 vna_name, vna_next;
};

#define DT_NULL 0
#define DT_STRTAB 5
#define DT_VERNEED 0x6ffffffe
#define DT_VERNEEDNUM 0x6fffffff
#define LAV_CURRENT 2

#if defined(__x86_64__)
/* Three-argument system calls: tcc's inline assembly has constraints for these registers only. */
static i64 sys3(i64 n, i64 a, i64 b, i64 c) {
  i64 ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return ret;
}
#define SYS_MPROTECT 10
#define SYS_READLINK 89
#define READLINK(path, buf, len) sys3(SYS_READLINK, (i64)(path), (i64)(buf), (i64)(len))
#elif defined(__aarch64__)
/* tcc has no inline assembler for arm64: libc's syscall(2) wrapper instead, so this build names
   libc.so.6 (images/base/Dockerfile); an audit module gets its own namespace's copy of it. arm64 has
   readlinkat only. */
extern i64 syscall(i64 n, ...);
static i64 sys3(i64 n, i64 a, i64 b, i64 c) { return syscall(n, a, b, c); }
#define SYS_MPROTECT 226
#define SYS_READLINKAT 78
#define AT_FDCWD (-100)
#define READLINK(path, buf, len) syscall(SYS_READLINKAT, (i64)AT_FDCWD, (i64)(path), (i64)(buf), (i64)(len))
#else
#error "lsim's glibc ceiling is built for x86_64 and arm64 only (docs/glibc-ceiling.md)"
#endif

#define PAGE 4096UL

static int starts_with(const char *s, const char *prefix) {
  while (*prefix != 0) {
    if (*s++ != *prefix++) return 0;
  }
  return 1;
}

static int equals(const char *a, const char *b) {
  while (*a != 0 && *a == *b) {
    a++;
    b++;
  }
  return *a == *b;
}

/* Parses "A.B[.C]" after prefix into a comparable number; -1 when s is not prefix + a version. */
static i64 version_after(const char *s, const char *prefix) {
  if (!starts_with(s, prefix)) return -1;
  while (*prefix != 0) {
    s++;
    prefix++;
  }
  i64 parts[3] = {0, 0, 0};
  int n = 0;
  if (*s < '0' || *s > '9') return -1;
  while (n < 3) {
    while (*s >= '0' && *s <= '9') parts[n] = parts[n] * 10 + (*s++ - '0');
    n++;
    if (*s == '.') {
      s++;
      continue;
    }
    break;
  }
  if (*s != 0) return -1;
  return (parts[0] * 1000 + parts[1]) * 1000 + parts[2];
}

#define V(a, b, c) (((i64)(a) * 1000 + (b)) * 1000 + (c))

/* Whether Lambda's Amazon Linux lacks this version (glibc's, libstdc++'s, libgcc_s's). */
static int too_new(const char *name) {
  i64 v;
  /* GLIBC_ABI_DT_RELR is glibc 2.36's mark for packed relocations (elf/dl-version.c). */
  if (equals(name, "GLIBC_ABI_DT_RELR")) return V(2, 36, 0) > CEIL_GLIBC;
  if ((v = version_after(name, "GLIBC_")) >= 0) return v > CEIL_GLIBC;
  if ((v = version_after(name, "GLIBCXX_")) >= 0) return v > CEIL_GLIBCXX;
  if ((v = version_after(name, "CXXABI_")) >= 0) return v > CEIL_CXXABI;
  if ((v = version_after(name, "GCC_")) >= 0) return v > CEIL_GCC;
  return 0;
}

static char exe[4096];

static int held_to_ceiling(struct link_map *map) {
  const char *path = map->l_name;
  if (path == 0 || path[0] == 0) {
    /* The main program has an empty l_name: where it was exec'd from. */
    if (exe[0] == 0 && READLINK("/proc/self/exe", exe, sizeof exe - 1) <= 0) return 0;
    path = exe;
  }
  return starts_with(path, "/opt/") || starts_with(path, "/var/task/") || starts_with(path, "/tmp/");
}

static u64 absolute(struct link_map *map, u64 value) {
  /* The loader rebases most dynamic entries in place before this hook runs, but not on every arch. */
  return value < map->l_addr ? value + map->l_addr : value;
}

static void refuse(struct vernaux *aux) {
  u64 page = (u64)aux & ~(PAGE - 1);
  u64 len = ((u64)aux + sizeof *aux - page + PAGE - 1) & ~(PAGE - 1);
  /* PROT_READ|PROT_WRITE|PROT_EXEC: the page may also hold code of a not yet refused object. */
  if (sys3(SYS_MPROTECT, (i64)page, (i64)len, 7) != 0 && sys3(SYS_MPROTECT, (i64)page, (i64)len, 3) != 0) return;
  aux->vna_hash = ~aux->vna_hash;
}

unsigned int la_version(unsigned int version) {
  return version < LAV_CURRENT ? version : LAV_CURRENT;
}

unsigned int la_objopen(struct link_map *map, long lmid, u64 *cookie) {
  (void)lmid;
  (void)cookie;
  if (!held_to_ceiling(map) || map->l_ld == 0) return 0;
  u64 strtab = 0, verneed = 0, count = 0;
  for (struct dyn *d = map->l_ld; d->tag != DT_NULL; d++) {
    if (d->tag == DT_STRTAB) strtab = absolute(map, d->val);
    if (d->tag == DT_VERNEED) verneed = absolute(map, d->val);
    if (d->tag == DT_VERNEEDNUM) count = d->val;
  }
  if (strtab == 0 || verneed == 0) return 0;
  struct verneed *need = (struct verneed *)verneed;
  for (u64 i = 0; i < count; i++) {
    struct vernaux *aux = (struct vernaux *)((char *)need + need->vn_aux);
    for (u16 j = 0; j < need->vn_cnt; j++) {
      if (too_new((const char *)(strtab + aux->vna_name))) refuse(aux);
      if (aux->vna_next == 0) break;
      aux = (struct vernaux *)((char *)aux + aux->vna_next);
    }
    if (need->vn_next == 0) break;
    need = (struct verneed *)((char *)need + need->vn_next);
  }
  return 0;
}
