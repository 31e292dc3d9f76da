/* What the injector learns about the target from /proc and its ELF files. */
#define _GNU_SOURCE
#include "injector.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_at(int fd, void *buf, size_t len, off_t off) {
    return pread(fd, buf, len, off) == (ssize_t)len ? 0 : -1;
}

static int read_ehdr(int fd, Elf64_Ehdr *eh) {
    if (read_at(fd, eh, sizeof *eh, 0) != 0) return -1;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64) return -1;
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum > 512) return -1;
    return 0;
}

int elf_is_dynamic(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    Elf64_Ehdr eh;
    int dynamic = -1;
    unsigned char ident[EI_NIDENT];
    if (read_at(fd, ident, sizeof ident, 0) == 0 && memcmp(ident, ELFMAG, SELFMAG) == 0
        && ident[EI_CLASS] == ELFCLASS32) {
        dynamic = 2;
    } else if (read_ehdr(fd, &eh) == 0) {
        dynamic = 0;
        for (unsigned i = 0; i < eh.e_phnum; i++) {
            Elf64_Phdr ph;
            if (read_at(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i * sizeof ph)) != 0) break;
            if (ph.p_type == PT_INTERP) dynamic = 1;
        }
    }
    close(fd);
    return dynamic;
}

int elf_is_go(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    Elf64_Ehdr eh;
    Elf64_Shdr names;
    int go = 0;
    if (read_ehdr(fd, &eh) == 0 && eh.e_shentsize == sizeof(Elf64_Shdr) && eh.e_shstrndx < eh.e_shnum
        && read_at(fd, &names, sizeof names, (off_t)(eh.e_shoff + eh.e_shstrndx * sizeof names)) == 0
        && names.sh_size <= 65536) {
        char *strings = malloc(names.sh_size + 1);
        if (strings && read_at(fd, strings, names.sh_size, (off_t)names.sh_offset) == 0) {
            strings[names.sh_size] = '\0';
            for (unsigned i = 0; i < eh.e_shnum && !go; i++) {
                Elf64_Shdr sh;
                if (read_at(fd, &sh, sizeof sh, (off_t)(eh.e_shoff + i * sizeof sh)) != 0) break;
                if (sh.sh_name >= names.sh_size) continue;
                const char *n = strings + sh.sh_name;
                go = strcmp(n, ".go.buildinfo") == 0 || strcmp(n, ".gopclntab") == 0 || strcmp(n, ".note.go.buildid") == 0;
            }
        }
        free(strings);
    }
    close(fd);
    return go;
}

/* GNU build-id from the PT_NOTE segments of an ELF file; 0 bytes if none. */
static size_t elf_build_id(int fd, const Elf64_Ehdr *eh, unsigned char *out, size_t max) {
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        if (read_at(fd, &ph, sizeof ph, (off_t)(eh->e_phoff + i * sizeof ph)) != 0) return 0;
        if (ph.p_type != PT_NOTE || ph.p_filesz > 65536) continue;
        unsigned char notes[65536];
        if (read_at(fd, notes, ph.p_filesz, (off_t)ph.p_offset) != 0) continue;
        size_t off = 0;
        while (off + sizeof(Elf64_Nhdr) <= ph.p_filesz) {
            Elf64_Nhdr nh;
            memcpy(&nh, notes + off, sizeof nh);
            size_t name_off = off + sizeof nh;
            size_t desc_off = name_off + ((nh.n_namesz + 3u) & ~3u);
            if (desc_off + nh.n_descsz > ph.p_filesz) break;
            if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && memcmp(notes + name_off, "GNU", 4) == 0
                && nh.n_descsz <= max) {
                memcpy(out, notes + desc_off, nh.n_descsz);
                return nh.n_descsz;
            }
            off = desc_off + ((nh.n_descsz + 3u) & ~3u);
        }
    }
    return 0;
}

struct mapping {
    uint64_t lo, hi, offset, inode;
    char perms[8];
    char path[4096];
};

static int next_mapping(FILE *f, struct mapping *m) {
    char line[4096 + 256];
    while (fgets(line, sizeof line, f)) {
        unsigned long long lo, hi, off, inode;
        char perms[8];
        int path_at = 0;
        if (sscanf(line, "%llx-%llx %7s %llx %*s %llu %n", &lo, &hi, perms, &off, &inode, &path_at) < 5) continue;
        m->lo = lo;
        m->hi = hi;
        m->offset = off;
        m->inode = inode;
        memcpy(m->perms, perms, sizeof m->perms);
        char *p = line + path_at;
        p[strcspn(p, "\n")] = '\0';
        snprintf(m->path, sizeof m->path, "%s", p);
        return 1;
    }
    return 0;
}

void emit_modules(struct hs_out *o, pid_t pid, uint64_t *bases, size_t *count, size_t max) {
    char maps[64];
    snprintf(maps, sizeof maps, "/proc/%d/maps", (int)pid);
    FILE *f = fopen(maps, "re");
    if (!f) return;
    struct mapping m, cur = {0};
    int have = 0;
    for (;;) {
        int more = next_mapping(f, &m);
        if (have && (!more || strcmp(m.path, cur.path) != 0 || m.lo != cur.hi)) {
            /* One object: consecutive mappings of the same file starting at offset 0. */
            int fd = open(cur.path, O_RDONLY | O_CLOEXEC);
            Elf64_Ehdr eh;
            if (fd >= 0 && read_ehdr(fd, &eh) == 0) {
                unsigned char id[255];
                size_t id_len = elf_build_id(fd, &eh, id, sizeof id);
                hs_module_load ml = {hs_monotonic_ns(), cur.lo, cur.hi - cur.lo,
                                     id_len ? HS_DEBUG_ID_ELF_BUILD_ID : HS_DEBUG_ID_NONE, (uint8_t)id_len};
                unsigned char fixed[sizeof ml + 255];
                memcpy(fixed, &ml, sizeof ml);
                memcpy(fixed + sizeof ml, id, id_len);
                out_frame_string(o, HS_FRAME_MODULE_LOAD, fixed, sizeof ml + id_len, cur.path);
                if (bases && *count < max) bases[(*count)++] = cur.lo;
            }
            if (fd >= 0) close(fd);
            have = 0;
        }
        if (!more) break;
        if (have && strcmp(m.path, cur.path) == 0 && m.lo == cur.hi) {
            cur.hi = m.hi;
        } else if (m.inode != 0 && m.path[0] == '/' && m.offset == 0) {
            cur = m;
            have = 1;
        }
    }
    fclose(f);
}

static int skipped(const int *skip, int fd) {
    for (int i = 0; i < HS_AGENT_FDS; i++)
        if (skip[i] >= 0 && skip[i] == fd) return 1;
    return 0;
}

static uint16_t kind_of(pid_t pid, int fd, const char *link) {
    uint16_t kind = hs_kind_from_link(link);
    if (kind) return kind;
    char path[64];
    struct stat st;
    snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? HS_TYPE_FD_DIR : HS_TYPE_FD_FILE;
}

void emit_snapshot(struct hs_out *o, pid_t pid, const int *skip, uint8_t *open) {
    char dir_path[64];
    snprintf(dir_path, sizeof dir_path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(dir_path);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        int fd = atoi(e->d_name);
        if (skipped(skip, fd)) continue;
        char path[384], link[HS_MAX_STRING + 1];
        snprintf(path, sizeof path, "%s/%s", dir_path, e->d_name);
        ssize_t n = readlink(path, link, HS_MAX_STRING);
        if (n < 0) continue; /* closed meanwhile */
        link[n] = '\0';
        hs_snapshot s = {hs_monotonic_ns(), (uint64_t)fd, kind_of(pid, fd, link), 0};
        out_frame_string(o, HS_FRAME_SNAPSHOT, &s, sizeof s, link);
        if (open && fd >= 0 && (unsigned)fd < HS_SNAPSHOT_FDS) open[fd / 8] |= (uint8_t)(1u << (fd % 8));
    }
    closedir(d);
}

int has_fd_link(pid_t pid, const char *prefix) {
    char dir_path[64];
    snprintf(dir_path, sizeof dir_path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(dir_path);
    if (!d) return 0;
    int found = 0;
    size_t len = strlen(prefix);
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        char path[384], link[256];
        snprintf(path, sizeof path, "%s/%s", dir_path, e->d_name);
        ssize_t n = readlink(path, link, sizeof link - 1);
        found = n >= (ssize_t)len && strncmp(link, prefix, len) == 0;
    }
    closedir(d);
    return found;
}

int count_fds(pid_t pid, const int *skip) {
    char dir_path[64];
    snprintf(dir_path, sizeof dir_path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(dir_path);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && !skipped(skip, atoi(e->d_name))) n++;
    closedir(d);
    return n;
}

int process_alive(pid_t pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

int process_uid(pid_t pid, uid_t *uid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    int found = -1;
    while (fgets(line, sizeof line, f)) {
        unsigned real, effective;
        if (sscanf(line, "Uid: %u %u", &real, &effective) == 2) {
            *uid = (uid_t)effective;
            found = 0;
            break;
        }
    }
    fclose(f);
    return found;
}

static uint64_t elf_symbol(const char *path, const char *name, uint64_t *first_load_vaddr) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    uint64_t value = 0;
    Elf64_Ehdr eh;
    if (read_ehdr(fd, &eh) != 0 || eh.e_shentsize != sizeof(Elf64_Shdr)) goto done;
    *first_load_vaddr = UINT64_MAX;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (read_at(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i * sizeof ph)) != 0) goto done;
        if (ph.p_type == PT_LOAD && *first_load_vaddr == UINT64_MAX) *first_load_vaddr = ph.p_vaddr - ph.p_offset;
    }
    for (unsigned i = 0; i < eh.e_shnum && !value; i++) {
        Elf64_Shdr sh, strh;
        if (read_at(fd, &sh, sizeof sh, (off_t)(eh.e_shoff + i * sizeof sh)) != 0) break;
        if (sh.sh_type != SHT_DYNSYM && sh.sh_type != SHT_SYMTAB) continue;
        if (read_at(fd, &strh, sizeof strh, (off_t)(eh.e_shoff + sh.sh_link * sizeof strh)) != 0) continue;
        size_t nsyms = sh.sh_size / sizeof(Elf64_Sym);
        char *strings = malloc(strh.sh_size + 1);
        Elf64_Sym *syms = malloc(sh.sh_size);
        if (strings && syms && read_at(fd, strings, strh.sh_size, (off_t)strh.sh_offset) == 0
            && read_at(fd, syms, sh.sh_size, (off_t)sh.sh_offset) == 0) {
            strings[strh.sh_size] = '\0';
            for (size_t k = 0; k < nsyms; k++) {
                if (syms[k].st_name >= strh.sh_size || syms[k].st_shndx == SHN_UNDEF) continue;
                if (ELF64_ST_TYPE(syms[k].st_info) != STT_FUNC) continue;
                if (strcmp(strings + syms[k].st_name, name) == 0) {
                    value = syms[k].st_value;
                    break;
                }
            }
        }
        free(strings);
        free(syms);
    }
done:
    close(fd);
    return value;
}

uint64_t remote_symbol(pid_t pid, const char *lib_prefix, const char *name) {
    char maps[64];
    snprintf(maps, sizeof maps, "/proc/%d/maps", (int)pid);
    FILE *f = fopen(maps, "re");
    if (!f) return 0;
    struct mapping m;
    uint64_t result = 0;
    size_t prefix_len = strlen(lib_prefix);
    while (!result && next_mapping(f, &m)) {
        const char *slash = strrchr(m.path, '/');
        if (!slash || m.offset != 0 || strncmp(slash + 1, lib_prefix, prefix_len) != 0) continue;
        /* Read the file as the target sees it (its mount namespace). */
        char in_target[4096 + 64];
        snprintf(in_target, sizeof in_target, "/proc/%d/root%s", (int)pid, m.path);
        uint64_t first_load = 0;
        uint64_t value = elf_symbol(in_target, name, &first_load);
        if (!value) value = elf_symbol(m.path, name, &first_load);
        if (value) result = m.lo + value - first_load;
    }
    fclose(f);
    return result;
}

/* The end of the executable segment's file bytes inside this mapping, from the
 * program headers of the very file mapped (map_files: not a newer one that
 * replaced it on disk); 0 if none ends inside it. */
static uint64_t code_end_in(pid_t pid, const struct mapping *m) {
    char path[96];
    snprintf(path, sizeof path, "/proc/%d/map_files/%llx-%llx", (int)pid, (unsigned long long)m->lo,
             (unsigned long long)m->hi);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    uint64_t end = 0;
    Elf64_Ehdr eh;
    if (read_ehdr(fd, &eh) == 0 && eh.e_phentsize == sizeof(Elf64_Phdr)) {
        for (unsigned i = 0; i < eh.e_phnum && !end; i++) {
            Elf64_Phdr ph;
            if (read_at(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + i * sizeof ph)) != 0) break;
            uint64_t file_end = ph.p_offset + ph.p_filesz;
            if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X) && ph.p_memsz == ph.p_filesz && file_end > m->offset
                && file_end < m->offset + (m->hi - m->lo))
                end = m->lo + (file_end - m->offset);
        }
    }
    close(fd);
    return end;
}

uint64_t code_cave(pid_t pid, size_t size) {
    char maps[64];
    snprintf(maps, sizeof maps, "/proc/%d/maps", (int)pid);
    FILE *f = fopen(maps, "re");
    if (!f) return 0;
    struct mapping m;
    uint64_t cave = 0;
    while (!cave && next_mapping(f, &m)) {
        if (m.perms[2] != 'x' || m.path[0] != '/' || m.inode == 0) continue;
        uint64_t end = code_end_in(pid, &m);
        uint64_t at = (end + 63) & ~(uint64_t)63;
        if (end && at + size <= m.hi) cave = at;
    }
    fclose(f);
    return cave;
}
