package dev.telltale.backend.store;

/** Input that the schema let through but the domain refuses (a 400 at the HTTP edge), naming the field. */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
