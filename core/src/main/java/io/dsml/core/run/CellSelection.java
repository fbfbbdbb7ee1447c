package io.dsml.core.run;

import io.dsml.core.config.CellPlan;
import io.dsml.core.error.DsmlException;
import io.dsml.core.error.UserInput;
import java.util.ArrayList;
import java.util.List;

/**
 * Which cells of a grid one process trains: all of them, a deterministic share {@code i/N} (for
 * job arrays: Slurm array tasks, Kubernetes indexed Jobs), or one cell by id. Share {@code i}
 * gets the cells whose position in the grid's order (seeds outermost) is {@code i - 1} modulo
 * {@code N}, so the shares are disjoint, cover the grid, and each has a mix of seeds and losses.
 *
 * @param share the share, 1-based, or 0 for all cells or a single cell
 * @param shares how many shares there are, or 0
 * @param cellId the one cell to run, or {@code null}
 */
public record CellSelection(int share, int shares, String cellId) {
    /** Every cell. */
    public static final CellSelection ALL = new CellSelection(0, 0, null);

    /** Parses {@code i/N} with {@code 1 <= i <= N}. */
    public static CellSelection share(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                int i = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (n >= 1 && i >= 1 && i <= n) {
                    return new CellSelection(i, n, null);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DsmlException(
                new UserInput(UserInput.Kind.CELL_SHARE, text),
                "expected i/N with 1 <= i <= N, e.g. " + UserInput.Kind.CELL_SHARE.mention() + " 2/8");
    }

    /** The one cell named {@code id}. */
    public static CellSelection cell(String id) {
        return new CellSelection(0, 0, id);
    }

    /** Whether this selects the whole grid. */
    public boolean all() {
        return shares == 0 && cellId == null;
    }

    /**
     * The selected cells, in grid order.
     *
     * @throws DsmlException if a single cell is asked for that the grid does not have
     */
    public List<CellPlan> select(List<CellPlan> grid) {
        if (cellId != null) {
            List<CellPlan> one =
                    grid.stream().filter(plan -> plan.id().equals(cellId)).toList();
            if (one.isEmpty()) {
                throw new DsmlException(
                        new UserInput(UserInput.Kind.CELL, cellId),
                        "no such cell; the grid has "
                                + String.join(
                                        ", ", grid.stream().map(CellPlan::id).toList()));
            }
            return one;
        }
        if (shares == 0) {
            return grid;
        }
        List<CellPlan> mine = new ArrayList<>();
        for (int index = share - 1; index < grid.size(); index += shares) {
            mine.add(grid.get(index));
        }
        return mine;
    }

    @Override
    public String toString() {
        return cellId != null ? "cell " + cellId : shares == 0 ? "all cells" : "share " + share + "/" + shares;
    }
}
