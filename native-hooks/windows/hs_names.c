/* Full object names and token facts (see hs_names.h). Everything a hooked
 * call uses lives in fixed static tables filled by hs_names_init or in the
 * caller's stack frame; the kernel is asked only through ntdll entry points
 * that are not hooked (NtQueryObject, NtQueryInformationToken) or that the
 * caller's re-entrancy guard passes straight through (NtDuplicateObject,
 * NtClose). */
#include "hs_names.h"
#include <string.h>

#define OBJECT_NAME_INFORMATION_CLASS 1
#define TOKEN_USER_CLASS 1
#define TOKEN_STATISTICS_CLASS 10
#define SELF_PROCESS ((HANDLE)(LONG_PTR)-1)
#define SID_BYTES 68   /* SECURITY_MAX_SID_SIZE: 15 sub-authorities */

typedef NTSTATUS (NTAPI *query_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);
typedef NTSTATUS (NTAPI *dup_fn)(HANDLE, HANDLE, HANDLE, PHANDLE, ACCESS_MASK, ULONG, ULONG);
typedef NTSTATUS (NTAPI *close_fn)(HANDLE);
typedef NTSTATUS (NTAPI *open_token_fn)(HANDLE, ACCESS_MASK, PHANDLE);
typedef BOOL (WINAPI *lookup_fn)(LPCWSTR, PSID, LPWSTR, LPDWORD, LPWSTR, LPDWORD, PSID_NAME_USE);

static query_fn g_query_object, g_query_token;
static dup_fn g_duplicate;
static close_fn g_close;

static WCHAR g_user_sid[HS_ACCOUNT_CHARS];
static uint32_t g_user_sid_len;
static WCHAR g_user_account[HS_ACCOUNT_CHARS];
static uint32_t g_user_account_len;

typedef struct volume { WCHAR device[96]; uint32_t len; WCHAR drive; } volume;
static volume g_volumes[26];
static unsigned g_volume_count;

typedef struct wbuf { WCHAR *p; uint32_t n, cap; } wbuf;

static void put(wbuf *b, const WCHAR *s, uint32_t n)
{
    while (n-- && b->n < b->cap) b->p[b->n++] = *s++;
}

static void put_ascii(wbuf *b, const char *s)
{
    while (*s && b->n < b->cap) b->p[b->n++] = (WCHAR)*s++;
}

static void put_u64(wbuf *b, uint64_t v)
{
    char digits[24];
    int n = 0;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n && b->n < b->cap) b->p[b->n++] = (WCHAR)digits[--n];
}

static WCHAR lower(WCHAR c) { return c >= L'A' && c <= L'Z' ? (WCHAR)(c + 32) : c; }

/* Length of `prefix` when `s` starts with it (ignoring ASCII case) and the
 * next character is a backslash or the end; else 0. */
static uint32_t starts_w(const WCHAR *s, uint32_t n, const WCHAR *prefix, uint32_t len)
{
    if (!len || len > n) return 0;
    for (uint32_t i = 0; i < len; i++)
        if (lower(s[i]) != lower(prefix[i])) return 0;
    return len == n || s[len] == L'\\' ? len : 0;
}

static uint32_t starts(const WCHAR *s, uint32_t n, const char *prefix)
{
    WCHAR w[32];
    uint32_t len = 0;
    while (prefix[len] && len < 32) { w[len] = (WCHAR)prefix[len]; len++; }
    return starts_w(s, n, w, len);
}

uint32_t hs_display_name(const WCHAR *nt, uint32_t n, WCHAR *out, uint32_t cap)
{
    wbuf b = { out, 0, cap };
    uint32_t m;
    if ((m = starts(nt, n, "\\REGISTRY\\MACHINE"))) {
        put_ascii(&b, "HKLM");
        put(&b, nt + m, n - m);
        return b.n;
    }
    if ((m = starts(nt, n, "\\REGISTRY\\USER"))) {
        const WCHAR *rest = nt + m + 1;
        uint32_t r = n > m ? n - m - 1 : 0, k;
        if ((k = starts_w(rest, r, g_user_sid, g_user_sid_len))) {
            put_ascii(&b, "HKCU");
            put(&b, rest + k, r - k);
            return b.n;
        }
        if (g_user_sid_len && r > g_user_sid_len && rest[g_user_sid_len] == L'_'
            && starts_w(rest, g_user_sid_len, g_user_sid, g_user_sid_len)
            && (k = starts(rest + g_user_sid_len, r - g_user_sid_len, "_Classes"))) {
            put_ascii(&b, "HKCU\\Software\\Classes");
            put(&b, rest + g_user_sid_len + k, r - g_user_sid_len - k);
            return b.n;
        }
        put_ascii(&b, "HKU");
        put(&b, nt + m, n - m);
        return b.n;
    }
    if ((m = starts(nt, n, "\\??")) || (m = starts(nt, n, "\\GLOBAL??")) || (m = starts(nt, n, "\\DosDevices"))) {
        uint32_t k;
        if (n - m >= 3 && nt[m + 2] == L':') {
            put(&b, nt + m + 1, n - m - 1);
            return b.n;
        }
        if (n > m && (k = starts(nt + m + 1, n - m - 1, "UNC"))) {
            put_ascii(&b, "\\");
            put(&b, nt + m + 1 + k, n - m - 1 - k);
            return b.n;
        }
    }
    for (unsigned i = 0; i < g_volume_count; i++) {
        if ((m = starts_w(nt, n, g_volumes[i].device, g_volumes[i].len))) {
            WCHAR drive[2] = { g_volumes[i].drive, L':' };
            put(&b, drive, 2);
            put(&b, nt + m, n - m);
            return b.n;
        }
    }
    put(&b, nt, n);
    return b.n;
}

/* The kernel name of `h` appended to `b`; 0 when the kernel gives none. */
static int append_kernel_name(wbuf *b, HANDLE h)
{
    union { UNICODE_STRING us; uint8_t raw[sizeof(UNICODE_STRING) + HS_NAME_CHARS * sizeof(WCHAR)]; } q;
    ULONG got = 0;
    if (!g_query_object || g_query_object(h, OBJECT_NAME_INFORMATION_CLASS, &q, sizeof q, &got) < 0) return 0;
    if (!q.us.Buffer || !q.us.Length) return 0;
    put(b, q.us.Buffer, q.us.Length / sizeof(WCHAR));
    return 1;
}

uint32_t hs_full_name(HANDLE root, const UNICODE_STRING *name, WCHAR *out, uint32_t cap)
{
    WCHAR joined[HS_NAME_CHARS];
    wbuf b = { joined, 0, HS_NAME_CHARS };
    uint32_t chars = name && name->Buffer ? name->Length / sizeof(WCHAR) : 0;
    if (root && append_kernel_name(&b, root) && chars && joined[b.n - 1] != L'\\') put(&b, L"\\", 1);
    if (chars) put(&b, name->Buffer, chars);
    return hs_display_name(joined, b.n, out, cap);
}

uint32_t hs_handle_name(HANDLE h, WCHAR *out, uint32_t cap)
{
    WCHAR kernel[HS_NAME_CHARS];
    wbuf b = { kernel, 0, HS_NAME_CHARS };
    if (!append_kernel_name(&b, h)) return 0;
    return hs_display_name(kernel, b.n, out, cap);
}

static uint32_t sid_text(const SID *sid, WCHAR *out, uint32_t cap)
{
    wbuf b = { out, 0, cap };
    uint64_t authority = 0;
    for (int i = 0; i < 6; i++) authority = authority << 8 | sid->IdentifierAuthority.Value[i];
    put_ascii(&b, "S-");
    put_u64(&b, sid->Revision);
    put_ascii(&b, "-");
    put_u64(&b, authority);
    for (unsigned i = 0; i < sid->SubAuthorityCount && i < 15; i++) {
        put_ascii(&b, "-");
        put_u64(&b, sid->SubAuthority[i]);
    }
    return b.n;
}

/* Service accounts whose names never change; other SIDs other than the
 * current user's are shown as SIDs (a name lookup is an LSA call). */
static const struct { const char *sid, *account; } k_well_known[] = {
    {"S-1-5-18", "NT AUTHORITY\\SYSTEM"}, {"S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE"},
    {"S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE"}, {"S-1-5-7", "NT AUTHORITY\\ANONYMOUS LOGON"},
};

static uint32_t account_of(const SID *sid, WCHAR *out, uint32_t cap)
{
    WCHAR text[HS_ACCOUNT_CHARS];
    uint32_t n = sid_text(sid, text, HS_ACCOUNT_CHARS);
    wbuf b = { out, 0, cap };
    if (g_user_account_len && n == g_user_sid_len && starts_w(text, n, g_user_sid, g_user_sid_len)) {
        put(&b, g_user_account, g_user_account_len);
        return b.n;
    }
    for (unsigned i = 0; i < sizeof k_well_known / sizeof k_well_known[0]; i++) {
        if (starts(text, n, k_well_known[i].sid) == n) {
            put_ascii(&b, k_well_known[i].account);
            return b.n;
        }
    }
    put(&b, text, n);
    return b.n;
}

int hs_token_facts(HANDLE token, hs_token *facts, WCHAR *account, uint32_t cap, uint32_t *account_len)
{
    TOKEN_STATISTICS st;
    union { TOKEN_USER u; uint8_t raw[sizeof(TOKEN_USER) + SID_BYTES]; } user;
    ULONG got = 0;
    HANDLE query = token, copy = NULL;
    if (!g_query_token) return 0;
    NTSTATUS s = g_query_token(query, TOKEN_STATISTICS_CLASS, &st, sizeof st, &got);
    /* a handle opened without TOKEN_QUERY: ask through a copy that has it */
    if (s < 0 && g_duplicate && g_duplicate(SELF_PROCESS, token, SELF_PROCESS, &copy, TOKEN_QUERY, 0, 0) >= 0) {
        query = copy;
        s = g_query_token(query, TOKEN_STATISTICS_CLASS, &st, sizeof st, &got);
    }
    if (s >= 0) s = g_query_token(query, TOKEN_USER_CLASS, &user, sizeof user, &got);
    if (copy) g_close(copy);
    if (s < 0) return 0;
    facts->logon_session = (uint64_t)(uint32_t)st.AuthenticationId.HighPart << 32 | st.AuthenticationId.LowPart;
    facts->token_type = st.TokenType == TokenPrimary ? HS_TOKEN_PRIMARY : HS_TOKEN_IMPERSONATION;
    facts->impersonation_level = st.TokenType == TokenPrimary ? HS_TOKEN_LEVEL_NONE : (uint16_t)st.ImpersonationLevel;
    *account_len = account_of((const SID *)user.u.User.Sid, account, cap);
    return 1;
}

static void load_user(HMODULE ntdll)
{
    open_token_fn open_token = (open_token_fn)(void *)GetProcAddress(ntdll, "NtOpenProcessToken");
    union { TOKEN_USER u; uint8_t raw[sizeof(TOKEN_USER) + SID_BYTES]; } user;
    HANDLE token;
    ULONG got = 0;
    g_user_sid_len = g_user_account_len = 0;
    if (!open_token || !g_query_token || open_token(SELF_PROCESS, TOKEN_QUERY, &token) < 0) return;
    NTSTATUS s = g_query_token(token, TOKEN_USER_CLASS, &user, sizeof user, &got);
    g_close(token);
    if (s < 0) return;
    g_user_sid_len = sid_text((const SID *)user.u.User.Sid, g_user_sid, HS_ACCOUNT_CHARS);
    HMODULE advapi = LoadLibraryW(L"advapi32.dll");
    lookup_fn lookup = advapi ? (lookup_fn)(void *)GetProcAddress(advapi, "LookupAccountSidW") : NULL;
    WCHAR name[HS_ACCOUNT_CHARS / 2], domain[HS_ACCOUNT_CHARS / 2];
    DWORD name_len = HS_ACCOUNT_CHARS / 2, domain_len = HS_ACCOUNT_CHARS / 2;
    SID_NAME_USE use;
    if (lookup && lookup(NULL, user.u.User.Sid, name, &name_len, domain, &domain_len, &use)) {
        wbuf b = { g_user_account, 0, HS_ACCOUNT_CHARS };
        put(&b, domain, domain_len);
        if (domain_len) put(&b, L"\\", 1);
        put(&b, name, name_len);
        g_user_account_len = b.n;
    }
}

static void load_volumes(void)
{
    DWORD drives = GetLogicalDrives();
    g_volume_count = 0;
    for (int i = 0; i < 26; i++) {
        if (!(drives & (1u << i))) continue;
        WCHAR letter[3] = { (WCHAR)(L'A' + i), L':', 0 };
        volume *v = &g_volumes[g_volume_count];
        DWORD n = QueryDosDeviceW(letter, v->device, sizeof v->device / sizeof v->device[0]);
        if (!n) continue;
        v->len = (uint32_t)wcslen(v->device);
        v->drive = letter[0];
        /* drives Wine maps straight to a Unix folder name no NT device */
        if (v->len && v->device[0] == L'\\') g_volume_count++;
    }
}

void hs_names_init(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    g_query_object = (query_fn)(void *)GetProcAddress(ntdll, "NtQueryObject");
    g_query_token = (query_fn)(void *)GetProcAddress(ntdll, "NtQueryInformationToken");
    g_duplicate = (dup_fn)(void *)GetProcAddress(ntdll, "NtDuplicateObject");
    g_close = (close_fn)(void *)GetProcAddress(ntdll, "NtClose");
    load_user(ntdll);
    load_volumes();
}
