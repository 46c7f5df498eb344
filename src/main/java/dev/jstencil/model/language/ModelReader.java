package dev.jstencil.model.language;

import dev.jstencil.model.Expr;
import dev.jstencil.model.ModelException;
import dev.jstencil.model.SourcePos;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses model text (grammar: src/main/antlr4/.../Model.g4) into a {@link ModelSyntax}. The first
 * syntax error stops the parse with a {@link ModelException} naming the line and column, what was
 * found and what was expected ({@link SyntaxErrors}).
 */
public final class ModelReader {
    private ModelReader() {
    }

    /** Parses {@code text}; {@code source} names it in messages (a path, or "builtin:NAME"). */
    public static ModelSyntax parse(String source, String text) {
        ModelLexer lexer = new ModelLexer(CharStreams.fromString(text, source));
        ModelParser parser = new ModelParser(new CommonTokenStream(lexer));
        SyntaxErrors errors = new SyntaxErrors(source);
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        ModelParser.FileContext file;
        try {
            file = parser.file();
        } catch (ParseCancellationException e) {
            throw e.getCause() instanceof ModelException m ? m : new ModelException(new SourcePos(source, 1, 1), e.toString());
        }
        return new Builder(source).file(text, file);
    }

    /** Parses one expression (for models built in Java). */
    public static Expr parseExpression(String source, String text) {
        ModelSyntax syntax = parse(source, "let _expr = " + text);
        if (syntax.statements().size() != 1 || !(syntax.statements().getFirst() instanceof ModelSyntax.Let let)) {
            throw new ModelException(new SourcePos(source, 1, 1), "expected one expression, found '" + text + "'");
        }
        return shift(let.expr(), "let _expr = ".length());
    }

    /** The expression with its columns on line 1 moved left by {@code columns} (undoing a prefix). */
    private static Expr shift(Expr e, int columns) {
        return switch (e) {
            case Expr.Num n -> new Expr.Num(n.value(), n.text(), shift(n.pos(), columns));
            case Expr.Name n -> new Expr.Name(n.name(), shift(n.pos(), columns));
            case Expr.Neighbour n -> new Expr.Neighbour(n.field(), n.offsets(), shift(n.pos(), columns));
            case Expr.Call c -> new Expr.Call(c.function(), c.args().stream().map(a -> shift(a, columns)).toList(), shift(c.pos(), columns));
            case Expr.Unary u -> new Expr.Unary(u.op(), shift(u.operand(), columns), shift(u.pos(), columns));
            case Expr.Binary b -> new Expr.Binary(b.op(), shift(b.left(), columns), shift(b.right(), columns), shift(b.pos(), columns));
            case Expr.Conditional c -> new Expr.Conditional(shift(c.condition(), columns), shift(c.ifTrue(), columns),
                    shift(c.ifFalse(), columns), shift(c.pos(), columns));
        };
    }

    private static SourcePos shift(SourcePos p, int columns) {
        return p.line() == 1 ? new SourcePos(p.source(), 1, p.column() - columns) : p;
    }

    /** Builds the syntax records from ANTLR's parse tree. */
    private static final class Builder {
        private final String source;

        Builder(String source) {
            this.source = source;
        }

        SourcePos pos(Token t) {
            return new SourcePos(source, t.getLine(), t.getCharPositionInLine() + 1);
        }

        SourcePos pos(ParserRuleContext c) {
            return pos(c.getStart());
        }

        ModelSyntax.Named named(Token t) {
            return new ModelSyntax.Named(t.getText(), pos(t));
        }

        ModelSyntax file(String text, ModelParser.FileContext file) {
            List<ModelSyntax.Statement> statements = new ArrayList<>();
            for (ModelParser.StatementContext s : file.statement()) {
                statements.add(statement(s));
            }
            return new ModelSyntax(source, text, statements);
        }

        ModelSyntax.Statement statement(ModelParser.StatementContext s) {
            return switch (s) {
                case ModelParser.FieldsStatementContext f ->
                        new ModelSyntax.Fields(f.ID().stream().map(id -> named(id.getSymbol())).toList(), pos(f));
                case ModelParser.ParamStatementContext p ->
                        new ModelSyntax.Param(named(p.ID().getSymbol()), number(p.signedNumber()), pos(p));
                case ModelParser.GridStatementContext g ->
                        new ModelSyntax.Grid(g.INT().stream().map(i -> gridSize(i.getSymbol())).toList(), pos(g));
                case ModelParser.SettingStatementContext st ->
                        new ModelSyntax.Setting(st.setting.getText(), number(st.signedNumber()), pos(st));
                case ModelParser.BoundaryStatementContext b ->
                        new ModelSyntax.Boundary(b.axisBoundary().stream().map(this::axis).toList(), pos(b));
                case ModelParser.DirichletStatementContext d ->
                        new ModelSyntax.Dirichlet(named(d.ID().getSymbol()), number(d.signedNumber()), pos(d));
                case ModelParser.LetStatementContext l -> new ModelSyntax.Let(named(l.ID().getSymbol()), expr(l.expr()), pos(l));
                case ModelParser.EquationStatementContext e -> equation(e);
                case ModelParser.InitBlockContext i -> init(i);
                default -> throw new IllegalStateException("unknown statement " + s.getClass().getSimpleName());
            };
        }

        private ModelSyntax.Statement equation(ModelParser.EquationStatementContext e) {
            Token d = e.ID().getSymbol();
            String name = d.getText();
            if (name.length() < 2 || name.charAt(0) != 'd') {
                throw new ModelException(pos(d), "expected dNAME/dt (the time derivative of field NAME), found '" + name + "/dt'");
            }
            SourcePos fieldPos = new SourcePos(source, d.getLine(), d.getCharPositionInLine() + 2);
            return new ModelSyntax.Equation(new ModelSyntax.Named(name.substring(1), fieldPos), expr(e.expr()), pos(e));
        }

        private ModelSyntax.Statement init(ModelParser.InitBlockContext i) {
            List<ModelSyntax.InitItem> items = new ArrayList<>();
            for (ModelParser.InitStatementContext s : i.initStatement()) {
                items.add(switch (s) {
                    case ModelParser.InitLetContext l -> new ModelSyntax.Let(named(l.ID().getSymbol()), expr(l.expr()), pos(l));
                    case ModelParser.InitAssignContext a ->
                            new ModelSyntax.Assign(named(a.ID().getSymbol()), expr(a.expr()), pos(a));
                    default -> throw new IllegalStateException("unknown init statement " + s.getClass().getSimpleName());
                });
            }
            return new ModelSyntax.Init(named(i.ID().getSymbol()), items, pos(i));
        }

        private ModelSyntax.AxisSpec axis(ModelParser.AxisBoundaryContext a) {
            Double value = a.signedNumber() == null ? null : number(a.signedNumber());
            return new ModelSyntax.AxisSpec(a.kind.getText(), value, pos(a));
        }

        private int gridSize(Token t) {
            try {
                return Integer.parseInt(t.getText());
            } catch (NumberFormatException e) {
                throw new ModelException(pos(t), "grid size " + t.getText() + " is too large");
            }
        }

        private double number(ModelParser.SignedNumberContext n) {
            Token digits = n.INT() != null ? n.INT().getSymbol() : n.FLOAT().getSymbol();
            double v = literal(digits);
            return n.getStart().getText().equals("-") ? -v : v;
        }

        private double literal(Token t) {
            double v = Double.parseDouble(t.getText());
            if (!Double.isFinite(v)) {
                throw new ModelException(pos(t), "number " + t.getText() + " is too large for a double");
            }
            return v;
        }

        Expr expr(ModelParser.ExprContext e) {
            return switch (e) {
                case ModelParser.AtomExprContext a -> primary(a.primary());
                case ModelParser.UnaryExprContext u -> new Expr.Unary(u.op.getText(), expr(u.expr()), pos(u.op));
                case ModelParser.MulExprContext m -> new Expr.Binary(m.op.getText(), expr(m.expr(0)), expr(m.expr(1)), pos(m.op));
                case ModelParser.AddExprContext a -> new Expr.Binary(a.op.getText(), expr(a.expr(0)), expr(a.expr(1)), pos(a.op));
                case ModelParser.CompareExprContext c -> new Expr.Binary(c.op.getText(), expr(c.expr(0)), expr(c.expr(1)), pos(c.op));
                case ModelParser.AndExprContext a -> new Expr.Binary("&&", expr(a.expr(0)), expr(a.expr(1)), pos(a.op));
                case ModelParser.OrExprContext o -> new Expr.Binary("||", expr(o.expr(0)), expr(o.expr(1)), pos(o.op));
                case ModelParser.ConditionalExprContext c ->
                        new Expr.Conditional(expr(c.expr(0)), expr(c.expr(1)), expr(c.expr(2)), pos(c.op));
                default -> throw new IllegalStateException("unknown expression " + e.getClass().getSimpleName());
            };
        }

        private Expr primary(ModelParser.PrimaryContext p) {
            return switch (p) {
                case ModelParser.NumberPrimaryContext n -> new Expr.Num(literal(n.getStart()), n.getText(), pos(n));
                case ModelParser.NeighbourPrimaryContext n -> new Expr.Neighbour(n.ID().getText(),
                        n.signedInt().stream().map(this::offset).toList(), pos(n));
                case ModelParser.CallPrimaryContext c ->
                        new Expr.Call(c.ID().getText(), c.expr().stream().map(this::expr).toList(), pos(c));
                case ModelParser.NamePrimaryContext n -> new Expr.Name(n.getText(), pos(n));
                case ModelParser.ParenPrimaryContext pp -> expr(pp.expr());
                default -> throw new IllegalStateException("unknown primary " + p.getClass().getSimpleName());
            };
        }

        private int offset(ModelParser.SignedIntContext s) {
            Token digits = s.INT().getSymbol();
            int v;
            try {
                v = Integer.parseInt(digits.getText());
            } catch (NumberFormatException e) {
                throw new ModelException(pos(digits), "offset " + digits.getText() + " is too large");
            }
            return s.getStart().getText().equals("-") ? -v : v;
        }
    }
}
