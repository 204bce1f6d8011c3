package dev.edgesync.events.problem;

/** A request a service refuses, thrown where the rule is checked; each service's exception mapper answers it. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(int status, String slug, String detail) {
        super(detail);
        this.problem = Problem.of(status, slug, detail);
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(400, "invalid-request", detail);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", what + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", detail);
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }
}
