package dev.telltale.experiments.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** An experiment spec that cannot run, with every field that is wrong (not only the first). */
public final class InvalidSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final transient List<FieldError> errors;

    public InvalidSpecException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid spec has at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
