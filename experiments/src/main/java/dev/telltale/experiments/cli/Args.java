package dev.telltale.experiments.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options (repeatable {@code --set key=value}) after a command word. */
final class Args {

    final Map<String, String> options = new LinkedHashMap<>();
    final Map<String, String> sets = new LinkedHashMap<>();
    final List<String> flags = new ArrayList<>();

    static Args parse(String[] args, int from, Set<String> known, Set<String> knownFlags) throws UsageException {
        Args a = new Args();
        for (int i = from; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                throw new UsageException("unexpected argument '" + name + "'");
            }
            if (knownFlags.contains(name)) {
                a.flags.add(name);
                continue;
            }
            if (!known.contains(name) && !name.equals("--set")) {
                throw new UsageException("unknown option '" + name + "'");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(name + " needs a value");
            }
            String value = args[++i];
            if (name.equals("--set")) {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--set takes key=value, got '" + value + "'");
                }
                a.sets.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                a.options.put(name, value);
            }
        }
        return a;
    }

    String get(String name) {
        return options.get(name);
    }

    String require(String name) throws UsageException {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(name + " is required");
        }
        return v;
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }
}
