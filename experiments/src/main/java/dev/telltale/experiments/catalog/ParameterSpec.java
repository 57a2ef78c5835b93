package dev.telltale.experiments.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * One parameter of a model: its type, default and bounds as the catalog declares them.
 * {@code defaultValue} is null only for a required parameter; {@code min}, {@code max} (inclusive)
 * and {@code multipleOf} apply to numbers, {@code choices} to a choice; absent ones are null/empty.
 */
public record ParameterSpec(String name, ParameterType type, Object defaultValue, Double min, Double max, Integer multipleOf,
        List<String> choices, boolean required, String help) {

    public ParameterSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /**
     * The value {@code raw} stands for, in this parameter's Java type (Integer, Double, Boolean, String),
     * checked against the bounds. Accepts numbers and booleans as such and as text (the command line).
     *
     * @throws IllegalArgumentException with a message for the user, not naming the parameter
     */
    public Object convert(Object raw) {
        Object value = switch (type) {
            case INT -> toInt(raw);
            case FLOAT -> toFloat(raw);
            case BOOL -> toBool(raw);
            case STRING -> toText(raw);
            case CHOICE -> toChoice(raw);
        };
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (min != null && d < min) {
                throw new IllegalArgumentException("must be >= " + format(min) + ", got " + value);
            }
            if (max != null && d > max) {
                throw new IllegalArgumentException("must be <= " + format(max) + ", got " + value);
            }
            if (multipleOf != null && (Integer) value % multipleOf != 0) {
                throw new IllegalArgumentException("must be a multiple of " + multipleOf + ", got " + value);
            }
        }
        return value;
    }

    /** True when {@code value} (already converted) counts as not given for a required parameter. */
    boolean isMissing(Object value) {
        return value == null || (value instanceof String s && s.isBlank());
    }

    private static Integer toInt(Object raw) {
        BigDecimal number = toNumber(raw, "a whole number");
        try {
            return number.intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("must be a whole number in the int range, got " + raw);
        }
    }

    private static Double toFloat(Object raw) {
        if (raw instanceof Double d && !Double.isFinite(d) || raw instanceof Float f && !Float.isFinite(f)) {
            throw new IllegalArgumentException("must be a finite number, got " + raw);
        }
        return toNumber(raw, "a number").doubleValue();
    }

    private static BigDecimal toNumber(Object raw, String what) {
        String text;
        if (raw instanceof Number n) {
            text = n.toString();
        } else if (raw instanceof String s) {
            text = s.trim();
        } else {
            throw new IllegalArgumentException("must be " + what + ", got " + describe(raw));
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be " + what + ", got " + describe(raw));
        }
    }

    private static Boolean toBool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.valueOf(t);
            }
        }
        throw new IllegalArgumentException("must be true or false, got " + describe(raw));
    }

    private static String toText(Object raw) {
        if (raw instanceof String s) {
            return s.trim();
        }
        throw new IllegalArgumentException("must be text, got " + describe(raw));
    }

    private String toChoice(Object raw) {
        if (raw instanceof String s && choices.contains(s.trim())) {
            return s.trim();
        }
        throw new IllegalArgumentException("must be one of " + choices + ", got " + describe(raw));
    }

    private static String describe(Object raw) {
        return raw instanceof String s ? "'" + s + "'" : raw + " (" + raw.getClass().getSimpleName() + ")";
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
