package io.handlespy.analysis;

import io.handlespy.store.TokenFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The leak report regrouped by the logon session each leaked token keeps alive:
 * "which code leaked the tokens that keep logon session X alive". Sessions with the
 * most leaked tokens first; inside each, the create stacks that leaked them.
 */
public final class LogonSessions {
    /** One logon session and the stacks whose leaked tokens pin it. */
    public record Session(String logonSession, List<String> accounts, int count, List<SessionStack> stacks) {
        public Session {
            accounts = List.copyOf(accounts);
            stacks = List.copyOf(stacks);
        }
    }

    /** Leaked tokens of one session made by one create stack, counted by kind ("Primary", "Impersonation/Delegation"). */
    public record SessionStack(int stackId, int count, Map<String, Integer> kinds, List<StackFrame> stack) {
        public SessionStack {
            kinds = Map.copyOf(kinds);
            stack = List.copyOf(stack);
        }
    }

    private LogonSessions() {}

    public static List<Session> of(LeakReport report) {
        Map<String, Map<Integer, List<TokenFacts>>> bySession = new TreeMap<>();
        Map<Integer, LeakGroup> groups = new LinkedHashMap<>();
        for (LeakGroup g : report.groups()) {
            groups.put(g.stackId(), g);
            for (LeakedHandle h : g.handles()) {
                if (h.token() == null) continue;
                bySession.computeIfAbsent(h.token().logonSessionText(), k -> new TreeMap<>())
                    .computeIfAbsent(g.stackId(), k -> new ArrayList<>()).add(h.token());
            }
        }
        List<Session> out = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, List<TokenFacts>>> s : bySession.entrySet()) {
            TreeSet<String> accounts = new TreeSet<>();
            List<SessionStack> stacks = new ArrayList<>();
            int total = 0;
            for (Map.Entry<Integer, List<TokenFacts>> e : s.getValue().entrySet()) {
                Map<String, Integer> kinds = new TreeMap<>();
                for (TokenFacts t : e.getValue()) {
                    accounts.add(t.account());
                    kinds.merge(kind(t), 1, Integer::sum);
                }
                stacks.add(new SessionStack(e.getKey(), e.getValue().size(), kinds, groups.get(e.getKey()).stack()));
                total += e.getValue().size();
            }
            stacks.sort(Comparator.comparingInt(SessionStack::count).reversed().thenComparingInt(SessionStack::stackId));
            out.add(new Session(s.getKey(), List.copyOf(accounts), total, stacks));
        }
        out.sort(Comparator.comparingInt(Session::count).reversed().thenComparing(Session::logonSession));
        return out;
    }

    /** "Primary", or "Impersonation/Identification" (token type / impersonation level). */
    public static String kind(TokenFacts t) {
        String level = t.levelName();
        return level == null ? t.typeName() : t.typeName() + "/" + level;
    }
}
