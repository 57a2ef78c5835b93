package dev.telltale.backend.http;

/** An error the API answers with its status and a JSON body {@code {"error": ..., "field": ...}}. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String field;
    private final java.util.List<String[]> errors;

    public ApiError(int status, String field, String message) {
        this(status, field, message, java.util.List.of());
    }

    /** Several problems at once: {@code errors} holds (field, message) pairs, the first is the headline. */
    public ApiError(int status, String field, String message, java.util.List<String[]> errors) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.errors = java.util.List.copyOf(errors);
    }

    public java.util.List<String[]> errors() {
        return errors;
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, field, message);
    }

    public static ApiError notFound(String field, String message) {
        return new ApiError(404, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
