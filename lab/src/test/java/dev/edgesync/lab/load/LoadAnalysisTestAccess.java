package dev.edgesync.lab.load;

/** Lets other test packages reuse the sample result. */
public final class LoadAnalysisTestAccess {
    private LoadAnalysisTestAccess() {
    }

    public static LoadResult analyzed() {
        return LoadAnalysisTest.analyzed();
    }
}
