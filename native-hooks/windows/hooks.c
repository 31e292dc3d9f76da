/* The hooked ntdll functions: which argument holds the new handle, where its
 * name is, which type the API implies, and the replacement entry points. */
#include "hs_hook.h"
#include "hs_names.h"
#include <string.h>

#define NAME_CAP 1024   /* UTF-8 bytes of an object name kept per event */

#define E(n, o, a, t) { NULL, 0, #n, o, -1, a, -1, t, 0, 0, NULL, NULL, {0}, 0, 0 }
#define EU(n, o, u, t) { NULL, 0, #n, o, -1, -1, u, t, 0, 0, NULL, NULL, {0}, 0, 0 }
#define E2(n, o, o2, a, t, t2) { NULL, 0, #n, o, o2, a, -1, t, t2, 0, NULL, NULL, {0}, 0, 0 }
#define UNK HS_TYPE_UNKNOWN

/* Index 0 and 1 are NtClose and NtDuplicateObject, which have their own hooks.
 * NtAlpcCreatePortSection and NtAlpcCreateResourceReserve are left out: they
 * return ALPC handles, which are not entries of the process handle table. */
hs_desc hs_descs[] = {
    E(NtClose, -1, -1, UNK),
    E(NtDuplicateObject, -1, -1, UNK),
    E(NtAcceptConnectPort, 0, -1, HS_TYPE_ALPC_PORT),
    E(NtAcquireProcessActivityReference, 0, -1, UNK),
    E(NtAllocateReserveObject, 0, 1, UNK),
    E(NtAlpcAcceptConnectPort, 0, 3, HS_TYPE_ALPC_PORT),
    EU(NtAlpcConnectPort, 0, 1, HS_TYPE_ALPC_PORT),
    E(NtAlpcConnectPortEx, 0, 1, HS_TYPE_ALPC_PORT),
    E(NtAlpcCreatePort, 0, 1, HS_TYPE_ALPC_PORT),
    E(NtAlpcOpenSenderProcess, 0, 5, HS_TYPE_PROCESS),
    E(NtAlpcOpenSenderThread, 0, 5, HS_TYPE_THREAD),
    EU(NtConnectPort, 0, 1, HS_TYPE_ALPC_PORT),
    E(NtCreateCpuPartition, 0, 2, UNK),
    E(NtCreateCrossVmEvent, 0, 2, UNK),
    E(NtCreateCrossVmMutant, 0, 2, UNK),
    E(NtCreateDebugObject, 0, 2, HS_TYPE_DEBUG_OBJECT),
    E(NtCreateDirectoryObject, 0, 2, HS_TYPE_DIRECTORY),
    E(NtCreateDirectoryObjectEx, 0, 2, HS_TYPE_DIRECTORY),
    E(NtCreateEnlistment, 0, 4, UNK),
    E(NtCreateEvent, 0, 2, HS_TYPE_EVENT),
    E(NtCreateEventPair, 0, 2, UNK),
    E(NtCreateFile, 0, 2, HS_TYPE_FILE),
    E(NtCreateIRTimer, 0, -1, UNK),
    E(NtCreateIoCompletion, 0, 2, HS_TYPE_IO_COMPLETION),
    E(NtCreateIoRing, 0, -1, UNK),
    E(NtCreateJobObject, 0, 2, HS_TYPE_JOB),
    E(NtCreateKey, 0, 2, HS_TYPE_KEY),
    E(NtCreateKeyTransacted, 0, 2, HS_TYPE_KEY),
    E(NtCreateKeyedEvent, 0, 2, HS_TYPE_KEYED_EVENT),
    E(NtCreateLowBoxToken, 0, 3, HS_TYPE_TOKEN),
    E(NtCreateMailslotFile, 0, 2, HS_TYPE_FILE),
    E(NtCreateMutant, 0, 2, HS_TYPE_MUTANT),
    E(NtCreateNamedPipeFile, 0, 2, HS_TYPE_FILE),
    E(NtCreatePartition, 1, 3, HS_TYPE_PARTITION),
    E(NtCreatePort, 0, 1, HS_TYPE_ALPC_PORT),
    E(NtCreatePrivateNamespace, 0, 2, HS_TYPE_DIRECTORY),
    E(NtCreateProcess, 0, 2, HS_TYPE_PROCESS),
    E(NtCreateProcessEx, 0, 2, HS_TYPE_PROCESS),
    E(NtCreateProcessStateChange, 0, 2, UNK),
    E(NtCreateProfile, 0, -1, UNK),
    E(NtCreateProfileEx, 0, -1, UNK),
    E(NtCreateRegistryTransaction, 0, 2, UNK),
    E(NtCreateResourceManager, 0, 4, UNK),
    E(NtCreateSection, 0, 2, HS_TYPE_SECTION),
    E(NtCreateSectionEx, 0, 2, HS_TYPE_SECTION),
    E(NtCreateSemaphore, 0, 2, HS_TYPE_SEMAPHORE),
    E(NtCreateSymbolicLinkObject, 0, 2, HS_TYPE_SYMBOLIC_LINK),
    E(NtCreateThread, 0, 2, HS_TYPE_THREAD),
    E(NtCreateThreadEx, 0, 2, HS_TYPE_THREAD),
    E(NtCreateThreadStateChange, 0, 2, UNK),
    E(NtCreateTimer, 0, 2, HS_TYPE_TIMER),
    E(NtCreateTimer2, 0, 2, HS_TYPE_TIMER),
    E(NtCreateToken, 0, 2, HS_TYPE_TOKEN),
    E(NtCreateTokenEx, 0, 2, HS_TYPE_TOKEN),
    E(NtCreateTransaction, 0, 2, HS_TYPE_TRANSACTION),
    E(NtCreateTransactionManager, 0, 2, UNK),
    E2(NtCreateUserProcess, 0, 1, 4, HS_TYPE_PROCESS, HS_TYPE_THREAD),
    E(NtCreateWaitCompletionPacket, 0, 2, UNK),
    E(NtCreateWaitablePort, 0, 1, HS_TYPE_ALPC_PORT),
    E(NtCreateWorkerFactory, 0, 2, UNK),
    E(NtDuplicateToken, 5, 2, HS_TYPE_TOKEN),
    E(NtFilterToken, 5, -1, HS_TYPE_TOKEN),
    E(NtFilterTokenEx, 13, -1, HS_TYPE_TOKEN),
    E(NtGetNextProcess, 4, -1, HS_TYPE_PROCESS),
    E(NtGetNextThread, 5, -1, HS_TYPE_THREAD),
    E(NtLoadKey3, 6, 0, HS_TYPE_KEY),
    E(NtLoadKeyEx, 6, 0, HS_TYPE_KEY),
    E(NtOpenCpuPartition, 0, 2, UNK),
    E(NtOpenDirectoryObject, 0, 2, HS_TYPE_DIRECTORY),
    E(NtOpenEnlistment, 0, 4, UNK),
    E(NtOpenEvent, 0, 2, HS_TYPE_EVENT),
    E(NtOpenEventPair, 0, 2, UNK),
    E(NtOpenFile, 0, 2, HS_TYPE_FILE),
    E(NtOpenIoCompletion, 0, 2, HS_TYPE_IO_COMPLETION),
    E(NtOpenJobObject, 0, 2, HS_TYPE_JOB),
    E(NtOpenKey, 0, 2, HS_TYPE_KEY),
    E(NtOpenKeyEx, 0, 2, HS_TYPE_KEY),
    E(NtOpenKeyTransacted, 0, 2, HS_TYPE_KEY),
    E(NtOpenKeyTransactedEx, 0, 2, HS_TYPE_KEY),
    E(NtOpenKeyedEvent, 0, 2, HS_TYPE_KEYED_EVENT),
    E(NtOpenMutant, 0, 2, HS_TYPE_MUTANT),
    E(NtOpenPartition, 0, 2, HS_TYPE_PARTITION),
    E(NtOpenPrivateNamespace, 0, 2, HS_TYPE_DIRECTORY),
    E(NtOpenProcess, 0, 2, HS_TYPE_PROCESS),
    E(NtOpenProcessToken, 2, -1, HS_TYPE_TOKEN),
    E(NtOpenProcessTokenEx, 3, -1, HS_TYPE_TOKEN),
    E(NtOpenRegistryTransaction, 0, 2, UNK),
    E(NtOpenResourceManager, 0, 4, UNK),
    E(NtOpenSection, 0, 2, HS_TYPE_SECTION),
    E(NtOpenSemaphore, 0, 2, HS_TYPE_SEMAPHORE),
    E(NtOpenSession, 0, 2, UNK),
    E(NtOpenSymbolicLinkObject, 0, 2, HS_TYPE_SYMBOLIC_LINK),
    E(NtOpenThread, 0, 2, HS_TYPE_THREAD),
    E(NtOpenThreadToken, 3, -1, HS_TYPE_TOKEN),
    E(NtOpenThreadTokenEx, 4, -1, HS_TYPE_TOKEN),
    E(NtOpenTimer, 0, 2, HS_TYPE_TIMER),
    E(NtOpenTransaction, 0, 2, HS_TYPE_TRANSACTION),
    E(NtOpenTransactionManager, 0, 2, UNK),
    EU(NtSecureConnectPort, 0, 1, HS_TYPE_ALPC_PORT),
    /* not a handle API: hooked so the events are flushed before exit kills the writer */
    E(NtTerminateProcess, -1, -1, UNK),
};
const unsigned hs_desc_count = sizeof hs_descs / sizeof hs_descs[0];

#define CLOSE_DESC (&hs_descs[0])
#define TERMINATE_DESC (&hs_descs[hs_desc_count - 1])
#define DUP_DESC (&hs_descs[1])

static uint32_t name_of(const UNICODE_STRING *us, char *out)
{
    if (!us || !us->Buffer || !us->Length) return 0;
    return hs_utf16_to_utf8(us->Buffer, us->Length / 2, out, NAME_CAP);
}

/* The name as users read it (HKLM\\..., C:\\...). A name relative to a
 * RootDirectory handle costs one NtQueryObject: on the new handle, whose
 * kernel name is exact (symbolic links such as Global\\ followed) and which
 * no other thread can be using yet, so even a synchronous file cannot block
 * the query; else on the root, joined with the relative name. */
static uint32_t full_name_of(const OBJECT_ATTRIBUTES *oa, HANDLE created, char *out)
{
    WCHAR wide[HS_NAME_CHARS];
    uint32_t n = 0;
    if (!oa->ObjectName || !oa->ObjectName->Buffer || !oa->ObjectName->Length) return 0;
    if (oa->RootDirectory && created) n = hs_handle_name(created, wide, HS_NAME_CHARS);
    if (!n) n = hs_full_name(oa->RootDirectory, oa->ObjectName, wide, HS_NAME_CHARS);
    return hs_utf16_to_utf8(wide, n, out, NAME_CAP);
}

/* A TOKEN frame after the CREATE or DUPLICATE of a Token handle. Its user
 * string travels as the frame's extra bytes (u16 length + UTF-8), the same
 * bytes a string field has on the wire. */
static void emit_token(HANDLE h)
{
    hs_token t;
    WCHAR account[HS_ACCOUNT_CHARS];
    uint8_t user[2 + 3 * HS_ACCOUNT_CHARS];
    uint32_t chars = 0;
    if (!hs_token_facts(h, &t, account, HS_ACCOUNT_CHARS, &chars)) return;
    t.time = hs_now();
    t.handle = (uint64_t)(uintptr_t)h;
    uint16_t len = (uint16_t)hs_utf16_to_utf8(account, chars, (char *)user + 2, sizeof user - 2);
    memcpy(user, &len, 2);
    hs_emit(HS_FRAME_TOKEN, &t, sizeof t, user, 2u + len, NULL, 0);
}

static int is_afd(const char *name, uint32_t len)
{
    static const char afd[] = "\\Device\\Afd";
    return len >= sizeof afd - 1 && memcmp(name, afd, sizeof afd - 1) == 0;
}

/* Never inlined, so the frames above the caller are always the same four. */
static __declspec(noinline) void record_one(const hs_desc *d, HANDLE h, uint16_t type, const char *name, uint32_t len)
{
    if (!h) return;
    if (type == HS_TYPE_UNKNOWN) type = hs_type_of_handle(h);
    if (type == HS_TYPE_FILE && is_afd(name, len)) type = HS_TYPE_SOCKET;
    /* skip 4: hs_emit_create, record_one, this chain's hs_after_create and the hook itself */
    hs_emit_create((uint64_t)(uintptr_t)h, type, d->api, 4, name, len);
    if (type == HS_TYPE_TOKEN) emit_token(h);
}

/* Called after a successful create-like call with the caller's arguments. */
__declspec(noinline) void hs_after_create(const hs_desc *d, const ULONG_PTR *args)
{
    char name[NAME_CAP];
    uint32_t len = 0;
    if (!hs_record_active() || !hs_guard_enter()) return;
    if (d->attrs >= 0 && args[d->attrs])
        len = full_name_of((const OBJECT_ATTRIBUTES *)args[d->attrs], d->out >= 0 && args[d->out] ? *(HANDLE *)args[d->out] : NULL, name);
    else if (d->ustr >= 0 && args[d->ustr])
        len = name_of((const UNICODE_STRING *)args[d->ustr], name);
    if (args[d->out]) record_one(d, *(HANDLE *)args[d->out], d->type, name, len);
    if (d->out2 >= 0 && args[d->out2]) record_one(d, *(HANDLE *)args[d->out2], d->type2, NULL, 0);
    hs_guard_leave();
}

static int is_real_handle(HANDLE h)
{
    /* small negative values are pseudo handles (current process, thread, token) */
    return h && (LONG_PTR)h > 0;
}

typedef NTSTATUS (NTAPI *close_fn)(HANDLE);
typedef NTSTATUS (NTAPI *dup_fn)(HANDLE, HANDLE, HANDLE, PHANDLE, ACCESS_MASK, ULONG, ULONG);

/* A close is recorded only when NtClose succeeded, and before any create
 * that receives the same value: see hs_close_begin. */
static __declspec(noinline) NTSTATUS NTAPI hook_NtClose(HANDLE h)
{
    if (!is_real_handle(h) || !hs_record_active() || !hs_guard_enter()) return ((close_fn)CLOSE_DESC->trampoline)(h);
    /* skip 2: hs_close_begin and this hook */
    uint32_t ticket = hs_close_begin((uint64_t)(uintptr_t)h, CLOSE_DESC->api, 2);
    if (!ticket) hs_emit_close_event((uint64_t)(uintptr_t)h, CLOSE_DESC->api, 2);
    NTSTATUS s = ((close_fn)CLOSE_DESC->trampoline)(h);
    if (hs_close_claim(ticket, (uint64_t)(uintptr_t)h)) {
        DWORD err = GetLastError();
        if (s >= 0) hs_close_write(ticket, (uint64_t)(uintptr_t)h);
        hs_close_release(ticket);
        SetLastError(err);
    }
    hs_guard_leave();
    return s;
}

/* GetProcessId sets the last error when it fails (a handle without query
 * access); the hooked call's caller must find the last error it left. */
static int is_self(HANDLE process)
{
    if (process == GetCurrentProcess()) return 1;
    DWORD err = GetLastError();
    int self = GetProcessId(process) == GetCurrentProcessId();
    SetLastError(err);
    return self;
}

static __declspec(noinline) NTSTATUS NTAPI hook_NtDuplicateObject(HANDLE sp, HANDLE sh, HANDLE tp, PHANDLE th,
                                                                  ACCESS_MASK access, ULONG attrs, ULONG options)
{
    if (!hs_record_active() || !hs_guard_enter())
        return ((dup_fn)DUP_DESC->trampoline)(sp, sh, tp, th, access, attrs, options);
    int source_self = is_self(sp);
    /* the source is closed inside the call, even when the call fails */
    int closes_source = (options & DUPLICATE_CLOSE_SOURCE) && source_self && is_real_handle(sh);
    uint32_t ticket = closes_source ? hs_close_begin((uint64_t)(uintptr_t)sh, DUP_DESC->api, 2) : 0;
    NTSTATUS s = ((dup_fn)DUP_DESC->trampoline)(sp, sh, tp, th, access, attrs, options);
    DWORD err = GetLastError();
    uint32_t flags = 0;
    uint16_t type = HS_TYPE_UNKNOWN;
    HANDLE made = NULL;
    if (s >= 0 && th && tp && is_self(tp)) {
        made = *th;
        flags |= HS_DUP_NEW_IN_SELF;
        /* the source's type is only known to the app when the source is ours */
        if (!source_self) type = hs_type_of_handle(made);
    }
    /* without a slot the close is written with the duplicate, as before */
    int write_close = closes_source && (!ticket || hs_close_claim(ticket, (uint64_t)(uintptr_t)sh));
    if (write_close) flags |= HS_DUP_CLOSES_SOURCE;
    if (flags) hs_emit_duplicate_event((uint64_t)(uintptr_t)sh, (uint64_t)(uintptr_t)made, type, DUP_DESC->api, flags, 2);
    /* only a copy from another process is typed here; a copy of one of our
     * own tokens inherits its source's facts in the app */
    if (made && type == HS_TYPE_TOKEN) emit_token(made);
    if (write_close) hs_close_release(ticket);
    SetLastError(err);
    hs_guard_leave();
    return s;
}

typedef NTSTATUS (NTAPI *terminate_fn)(HANDLE, NTSTATUS);

/* ExitProcess first calls NtTerminateProcess(0) to end every other thread,
 * the writer among them, then the DLLs' detach routines, then
 * NtTerminateProcess(-1). Sending what is buffered before the first call
 * means no frame dies with the writer. */
static __declspec(noinline) NTSTATUS NTAPI hook_NtTerminateProcess(HANDLE process, NTSTATUS code)
{
    if ((!process || process == GetCurrentProcess()) && hs_record_active()) hs_flush_before_exit();
    return ((terminate_fn)TERMINATE_DESC->trampoline)(process, code);
}

#if defined(_M_X64) || defined(__x86_64__)
/* x64 passes the first four arguments in registers and the rest on the
 * caller's stack, which the caller also cleans: one C function with the
 * largest argument count forwards any of the hooked functions unchanged. */
typedef ULONG_PTR A;
typedef NTSTATUS (NTAPI *fn17)(A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A);
#define GEN(i) \
    static __declspec(noinline) NTSTATUS NTAPI gen_##i(A a0, A a1, A a2, A a3, A a4, A a5, A a6, A a7, A a8, \
                                                       A a9, A a10, A a11, A a12, A a13, A a14, A a15, A a16) { \
        NTSTATUS s = ((fn17)hs_descs[i].trampoline)(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, \
                                                    a13, a14, a15, a16); \
        if (s >= 0) { \
            A v[HS_MAX_ARGS] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16}; \
            hs_after_create(&hs_descs[i], v); \
        } \
        return s; \
    }
GEN(2)
GEN(3)
GEN(4)
GEN(5)
GEN(6)
GEN(7)
GEN(8)
GEN(9)
GEN(10)
GEN(11)
GEN(12)
GEN(13)
GEN(14)
GEN(15)
GEN(16)
GEN(17)
GEN(18)
GEN(19)
GEN(20)
GEN(21)
GEN(22)
GEN(23)
GEN(24)
GEN(25)
GEN(26)
GEN(27)
GEN(28)
GEN(29)
GEN(30)
GEN(31)
GEN(32)
GEN(33)
GEN(34)
GEN(35)
GEN(36)
GEN(37)
GEN(38)
GEN(39)
GEN(40)
GEN(41)
GEN(42)
GEN(43)
GEN(44)
GEN(45)
GEN(46)
GEN(47)
GEN(48)
GEN(49)
GEN(50)
GEN(51)
GEN(52)
GEN(53)
GEN(54)
GEN(55)
GEN(56)
GEN(57)
GEN(58)
GEN(59)
GEN(60)
GEN(61)
GEN(62)
GEN(63)
GEN(64)
GEN(65)
GEN(66)
GEN(67)
GEN(68)
GEN(69)
GEN(70)
GEN(71)
GEN(72)
GEN(73)
GEN(74)
GEN(75)
GEN(76)
GEN(77)
GEN(78)
GEN(79)
GEN(80)
GEN(81)
GEN(82)
GEN(83)
GEN(84)
GEN(85)
GEN(86)
GEN(87)
GEN(88)
GEN(89)
GEN(90)
GEN(91)
GEN(92)
GEN(93)
GEN(94)
GEN(95)
GEN(96)
GEN(97)
GEN(98)
GEN(99)
static void *const k_gen[] = {
    NULL, NULL,
    (void *)gen_2,
    (void *)gen_3,
    (void *)gen_4,
    (void *)gen_5,
    (void *)gen_6,
    (void *)gen_7,
    (void *)gen_8,
    (void *)gen_9,
    (void *)gen_10,
    (void *)gen_11,
    (void *)gen_12,
    (void *)gen_13,
    (void *)gen_14,
    (void *)gen_15,
    (void *)gen_16,
    (void *)gen_17,
    (void *)gen_18,
    (void *)gen_19,
    (void *)gen_20,
    (void *)gen_21,
    (void *)gen_22,
    (void *)gen_23,
    (void *)gen_24,
    (void *)gen_25,
    (void *)gen_26,
    (void *)gen_27,
    (void *)gen_28,
    (void *)gen_29,
    (void *)gen_30,
    (void *)gen_31,
    (void *)gen_32,
    (void *)gen_33,
    (void *)gen_34,
    (void *)gen_35,
    (void *)gen_36,
    (void *)gen_37,
    (void *)gen_38,
    (void *)gen_39,
    (void *)gen_40,
    (void *)gen_41,
    (void *)gen_42,
    (void *)gen_43,
    (void *)gen_44,
    (void *)gen_45,
    (void *)gen_46,
    (void *)gen_47,
    (void *)gen_48,
    (void *)gen_49,
    (void *)gen_50,
    (void *)gen_51,
    (void *)gen_52,
    (void *)gen_53,
    (void *)gen_54,
    (void *)gen_55,
    (void *)gen_56,
    (void *)gen_57,
    (void *)gen_58,
    (void *)gen_59,
    (void *)gen_60,
    (void *)gen_61,
    (void *)gen_62,
    (void *)gen_63,
    (void *)gen_64,
    (void *)gen_65,
    (void *)gen_66,
    (void *)gen_67,
    (void *)gen_68,
    (void *)gen_69,
    (void *)gen_70,
    (void *)gen_71,
    (void *)gen_72,
    (void *)gen_73,
    (void *)gen_74,
    (void *)gen_75,
    (void *)gen_76,
    (void *)gen_77,
    (void *)gen_78,
    (void *)gen_79,
    (void *)gen_80,
    (void *)gen_81,
    (void *)gen_82,
    (void *)gen_83,
    (void *)gen_84,
    (void *)gen_85,
    (void *)gen_86,
    (void *)gen_87,
    (void *)gen_88,
    (void *)gen_89,
    (void *)gen_90,
    (void *)gen_91,
    (void *)gen_92,
    (void *)gen_93,
    (void *)gen_94,
    (void *)gen_95,
    (void *)gen_96,
    (void *)gen_97,
    (void *)gen_98,
    (void *)gen_99,
};
#undef GEN
_Static_assert(sizeof k_gen / sizeof k_gen[0] == sizeof hs_descs / sizeof hs_descs[0], "one hook per entry");

void hs_hooks_bind(void)
{
    hs_names_init();
    for (unsigned i = 0; i < hs_desc_count; i++) {
        hs_descs[i].api = (uint16_t)(i + 1);
        hs_descs[i].hook = k_gen[i];
    }
    hs_descs[0].hook = (void *)hook_NtClose;
    hs_descs[1].hook = (void *)hook_NtDuplicateObject;
    TERMINATE_DESC->hook = (void *)hook_NtTerminateProcess;
}
#else
/* x86 stdcall: the callee pops its arguments and the count differs per
 * function, so each hook is a small thunk (built by the engine) that loads its
 * descriptor into eax and jumps here. This copies the caller's arguments,
 * calls the trampoline, records on success, and returns popping
 * desc->arg_bytes (read from the stub's `ret imm16`). It keeps an ebp frame so
 * RtlCaptureStackBackTrace walks through it. */
__asm__(
    ".text\n"
    ".globl _hs_dispatch32\n"
    "_hs_dispatch32:\n"
    "  push %ebp\n"
    "  mov %esp, %ebp\n"
    "  push %esi\n"
    "  push %edi\n"
    "  push %ebx\n"
    "  mov %eax, %ebx\n"
    "  mov 4(%ebx), %ecx\n"
    "  sub %ecx, %esp\n"
    "  mov %esp, %edi\n"
    "  lea 8(%ebp), %esi\n"
    "  shr $2, %ecx\n"
    "  cld\n"
    "  rep movsl\n"
    "  call *(%ebx)\n"
    "  test %eax, %eax\n"
    "  js 1f\n"
    "  push %eax\n"
    "  lea 8(%ebp), %edx\n"
    "  push %edx\n"
    "  push %ebx\n"
    "  call _hs_after_create\n"
    "  add $8, %esp\n"
    "  pop %eax\n"
    "1:\n"
    "  mov 4(%ebx), %ecx\n"
    "  pop %ebx\n"
    "  pop %edi\n"
    "  pop %esi\n"
    "  pop %ebp\n"
    "  pop %edx\n"
    "  add %ecx, %esp\n"
    "  jmp *%edx\n");

void hs_dispatch32(void);

void hs_hooks_bind(void)
{
    hs_names_init();
    for (unsigned i = 0; i < hs_desc_count; i++) {
        hs_descs[i].api = (uint16_t)(i + 1);
        hs_descs[i].hook = (void *)hs_dispatch32;
    }
    hs_descs[0].hook = (void *)hook_NtClose;
    hs_descs[1].hook = (void *)hook_NtDuplicateObject;
    TERMINATE_DESC->hook = (void *)hook_NtTerminateProcess;
}
#endif
