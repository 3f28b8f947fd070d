package dev.customactions.objects.result;

import dev.customactions.objects.model.AttributeCheck.Problem;
import java.util.List;

/**
 * A result's writes met the stored data and can't be applied (a contact or conversation of another
 * workspace, the instance limit, data the database refused). Rolls the transaction back.
 */
class WriteConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    WriteConflict(List<Problem> problems) {
        super(problems.get(0).message(), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return problems;
    }
}
