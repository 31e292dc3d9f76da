/*
 * Attach mode: a library dlopen'ed into a running process does not preempt the
 * libc symbols the target already uses, so the hooks are installed by pointing
 * the GOT slots (JUMP_SLOT and GLOB_DAT relocations) of every loaded object at
 * them. Writing one aligned pointer is atomic, so threads that run meanwhile see
 * either the old or the new target. Slots inside PT_GNU_RELRO are made writable
 * for the write and read-only again.
 */
#define _GNU_SOURCE
#include "agent.h"

#include <elf.h>
#include <link.h>
#include <string.h>
#include <sys/mman.h>

static void *hook_for(const char *name) {
    for (size_t i = 0; i < hs_hook_count; i++)
        if (strcmp(hs_hook_table[i].name, name) == 0) return hs_hook_table[i].hook;
    return NULL;
}

static uintptr_t dyn_ptr(uintptr_t base, ElfW(Addr) value) {
    /* glibc relocates most d_ptr entries in memory; the vdso and some objects keep them relative. */
    return value < base ? base + value : value;
}

struct object {
    uintptr_t base;
    const ElfW(Sym) *symtab;
    const char *strtab;
    uintptr_t relro_lo, relro_hi;
};

static void patch_slot(const struct object *o, uintptr_t slot, void *hook) {
    void **p = (void **)slot;
    if (*p == hook) return;
    int in_relro = slot >= o->relro_lo && slot + sizeof(void *) <= o->relro_hi;
    uintptr_t page = slot & ~(uintptr_t)4095;
    if (in_relro && mprotect((void *)page, 4096, PROT_READ | PROT_WRITE) != 0) return;
    __atomic_store_n(p, hook, __ATOMIC_RELEASE);
    if (in_relro) mprotect((void *)page, 4096, PROT_READ);
}

static void patch_relocs(const struct object *o, const ElfW(Rela) *rel, size_t bytes) {
    for (size_t i = 0; i < bytes / sizeof *rel; i++) {
        unsigned type = (unsigned)ELF64_R_TYPE(rel[i].r_info);
        if (type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT) continue;
        const ElfW(Sym) *sym = &o->symtab[ELF64_R_SYM(rel[i].r_info)];
        if (sym->st_shndx != SHN_UNDEF || sym->st_name == 0) continue;
        void *hook = hook_for(o->strtab + sym->st_name);
        if (hook) patch_slot(o, o->base + rel[i].r_offset, hook);
    }
}

static int patch_object(struct dl_phdr_info *info, size_t size, void *self_base) {
    const char *name = info->dlpi_name ? info->dlpi_name : "";
    if (info->dlpi_addr == (uintptr_t)self_base || strstr(name, "linux-vdso") || strstr(name, "/ld-linux"))
        return 0;
    struct object o = {info->dlpi_addr, NULL, NULL, 0, 0};
    const ElfW(Dyn) *dyn = NULL;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_DYNAMIC) dyn = (const ElfW(Dyn) *)(info->dlpi_addr + ph->p_vaddr);
        if (ph->p_type == PT_GNU_RELRO) {
            o.relro_lo = info->dlpi_addr + ph->p_vaddr;
            o.relro_hi = o.relro_lo + ph->p_memsz;
        }
    }
    if (!dyn) return 0;
    uintptr_t jmprel = 0, rela = 0;
    size_t jmprel_size = 0, rela_size = 0;
    for (; dyn->d_tag != DT_NULL; dyn++) {
        switch (dyn->d_tag) {
        case DT_SYMTAB: o.symtab = (const ElfW(Sym) *)dyn_ptr(o.base, dyn->d_un.d_ptr); break;
        case DT_STRTAB: o.strtab = (const char *)dyn_ptr(o.base, dyn->d_un.d_ptr); break;
        case DT_JMPREL: jmprel = dyn_ptr(o.base, dyn->d_un.d_ptr); break;
        case DT_PLTRELSZ: jmprel_size = dyn->d_un.d_val; break;
        case DT_RELA: rela = dyn_ptr(o.base, dyn->d_un.d_ptr); break;
        case DT_RELASZ: rela_size = dyn->d_un.d_val; break;
        default: break;
        }
    }
    if (!o.symtab || !o.strtab) return 0;
    if (jmprel) patch_relocs(&o, (const ElfW(Rela) *)jmprel, jmprel_size);
    if (rela) patch_relocs(&o, (const ElfW(Rela) *)rela, rela_size);
    return 0;
}

static int find_own_base(struct dl_phdr_info *info, size_t size, void *out) {
    uintptr_t probe = (uintptr_t)(void *)hs_patch_loaded_objects;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t s = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && probe >= s && probe < s + ph->p_memsz) {
            *(uintptr_t *)out = info->dlpi_addr;
            return 1;
        }
    }
    return 0;
}

int hs_patch_loaded_objects(void) {
    uintptr_t self = 0;
    dl_iterate_phdr(find_own_base, &self);
    return dl_iterate_phdr(patch_object, (void *)self);
}
