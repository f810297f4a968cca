#!/usr/bin/env python3
"""Reproduces the constants of VifSimd's computed log2 (src/Features/Vif/VifSimd.PixelTerms.cs, Log2Tables).

The cubic c0 + c1*r + c2*r^2 + c3*r^3 closest (minimax, Remez's exchange) to 2048*log2(1 + r) over the r range of all
32 intervals, with c1 fixed at its float; then the float c2, c3, the largest error with float coefficients, and the
interval tables (Fractions, Integers) of the offsets -2048*log2(fl(1/c)) + 1/2 + 2^-10 + c0, computed as the C# formulas
compute them. Standard library only: python3 tools/vif-log2-cubic.py
"""
import math
import struct

LN2 = 0.69314718055994530942
COUNT = 32


def f32(x):
    return struct.unpack('f', struct.pack('f', x))[0]


def shortest(x):
    for digits in range(1, 12):
        text = f"{x:.{digits}g}"
        if f32(float(text)) == x:
            return text
    return repr(x)


def target(r):
    return 2048.0 * math.log1p(r) / LN2


def solve(rows, values):
    n = len(values)
    m = [row[:] + [values[i]] for i, row in enumerate(rows)]
    for i in range(n):
        p = max(range(i, n), key=lambda k: abs(m[k][i]))
        m[i], m[p] = m[p], m[i]
        for k in range(n):
            if k != i:
                factor = m[k][i] / m[i][i]
                for c in range(i, n + 1):
                    m[k][c] -= factor * m[i][c]
    return [m[i][n] / m[i][i] for i in range(n)]


def remez(powers, fixed, lo, hi, grid_points=20001, iterations=40):
    """Minimax of target(r) - fixed(r) by sum(c_k r^k) over [lo, hi]: the coefficients and the largest error."""
    n = len(powers)
    points = [lo + (hi - lo) * (1 - math.cos(math.pi * i / n)) / 2 for i in range(n + 1)]
    grid = [lo + (hi - lo) * i / (grid_points - 1) for i in range(grid_points)]
    for _ in range(iterations):
        rows = [[x ** k for k in powers] + [(-1) ** i] for i, x in enumerate(points)]
        solution = solve(rows, [target(x) - fixed(x) for x in points])
        coefficients = solution[:n]
        error = [target(x) - fixed(x) - sum(c * x ** k for c, k in zip(coefficients, powers)) for x in grid]
        extrema, i = [], 0
        while i < grid_points:
            sign, j, best = error[i] >= 0, i, i
            while j < grid_points and (error[j] >= 0) == sign:
                if abs(error[j]) > abs(error[best]):
                    best = j
                j += 1
            extrema.append(best)
            i = j
        while len(extrema) > n + 1:
            extrema.pop(0 if abs(error[extrema[0]]) < abs(error[extrema[-1]]) else -1)
        points = [grid[k] for k in extrema]
    return coefficients, max(abs(e) for e in error), grid


def main():
    inverses = [f32(1.0 / (1.0 + ((j + 0.5) / COUNT))) for j in range(COUNT)]
    lo = min((1 + j / COUNT) * v - 1 for j, v in enumerate(inverses))
    hi = max((1 + (j + 1) / COUNT - 2 ** -15) * v - 1 for j, v in enumerate(inverses))
    free, free_error, _ = remez([0, 1, 2, 3], lambda r: 0.0, lo, hi)
    c1 = f32(free[1])
    (c0, c2, c3), _, grid = remez([0, 2, 3], lambda r: c1 * r, lo, hi)
    c2, c3 = f32(c2), f32(c3)
    error = max(abs(target(r) - c0 - c1 * r - c2 * r * r - c3 * r ** 3) for r in grid)
    print(f"r in [{lo:.6f}, {hi:.6f}]; free cubic's c1 {free[1]!r}, its error {free_error:.3e}")
    print(f"Cubic0 = {c0!r}; Cubic1 = {shortest(c1)}f; Cubic2 = {shortest(c2)}f; Cubic3 = {shortest(c3)}f; error {error:.3e}")
    fractions, integers = [], []
    for v in inverses:
        offset = (-2048.0 * math.log2(v)) + 0.5 + (1.0 / 1024) + c0
        floor = math.floor(offset)
        fractions.append(shortest(f32(offset - floor)) + "f")
        integers.append(str(int(floor) - 2048 * 1023))
    print("Fractions:", ", ".join(fractions))
    print("Integers:", ", ".join(integers))


if __name__ == "__main__":
    main()
