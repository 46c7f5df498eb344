package dev.jstencil.cli;

import picocli.CommandLine;

/** {@code --size N} or {@code --size NXxNY}. */
record GridSize(int nx, int ny) {
    static final int MIN = 3;

    static final class Converter implements CommandLine.ITypeConverter<GridSize> {
        @Override
        public GridSize convert(String value) {
            String[] parts = value.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
            if (parts.length < 1 || parts.length > 2) {
                throw bad(value);
            }
            int nx = parse(parts[0], value);
            int ny = parts.length == 2 ? parse(parts[1], value) : nx;
            if (nx < MIN || ny < MIN) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too small: each side must be >= " + MIN);
            }
            return new GridSize(nx, ny);
        }

        private static int parse(String s, String whole) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw bad(whole);
            }
        }

        private static CommandLine.TypeConversionException bad(String value) {
            return new CommandLine.TypeConversionException("'" + value + "' is not a size: use N or NXxNY, integers >= " + MIN);
        }
    }

    @Override
    public String toString() {
        return nx + "x" + ny;
    }
}
