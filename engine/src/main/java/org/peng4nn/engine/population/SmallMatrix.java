package org.peng4nn.engine.population;

/** The few dense linear-algebra steps of a five-feature ridge regression, on plain arrays. */
final class SmallMatrix {

    private SmallMatrix() {
    }

    /** The inverse of a symmetric positive-definite matrix, by Gauss-Jordan with partial pivoting. */
    static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            double p = m[col][col];
            if (Math.abs(p) < 1e-300) {
                throw new ArithmeticException("singular matrix");
            }
            // columns 0..col of the left half are never read again (later steps read columns after col, the
            // result is the right half): skipping them leaves every value that is read, bit for bit, as it was
            for (int k = col + 1; k < 2 * n; k++) {
                m[col][k] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int k = col + 1; k < 2 * n; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = dot(a[i], v);
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** {@code v' A v}. */
    static double quadratic(double[][] a, double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i] * dot(a[i], v);
        }
        return s;
    }

    /** Least squares {@code rows · g ≈ y}, with a whisper of ridge so collinear rows still solve. */
    static double[] leastSquares(double[][] rows, double[] y) {
        int p = rows[0].length;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < p; j++) {
                b[j] += rows[i][j] * y[i];
                for (int k = 0; k < p; k++) {
                    a[j][k] += rows[i][j] * rows[i][k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += 1e-9 * (1 + a[j][j]);
        }
        return times(inverse(a), b);
    }
}
