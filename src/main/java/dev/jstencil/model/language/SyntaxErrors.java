package dev.jstencil.model.language;

import dev.jstencil.model.ModelException;
import dev.jstencil.model.SourcePos;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns the first lexer or parser error into a {@link ModelException} in the words of the language
 * ("expected an expression, found end of line") rather than ANTLR's token names, and stops the parse:
 * one message, the first problem, never a cascade.
 */
final class SyntaxErrors extends BaseErrorListener {
    private final String source;

    SyntaxErrors(String source) {
        this.source = source;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        SourcePos pos = new SourcePos(source, line, charPositionInLine + 1);
        if (!(recognizer instanceof Parser parser) || !(offendingSymbol instanceof Token found)) {
            throw new ModelException(pos, lexerMessage(msg));
        }
        IntervalSet expected = e != null && e.getExpectedTokens() != null ? e.getExpectedTokens() : parser.getExpectedTokens();
        throw new ModelException(pos, "expected " + describe(expected) + ", found " + describe(found));
    }

    /** "token recognition error at: '$'" becomes "unexpected character '$'". */
    private static String lexerMessage(String msg) {
        String prefix = "token recognition error at: ";
        if (msg.startsWith(prefix)) {
            String text = msg.substring(prefix.length());
            return "unexpected character " + text + " (allowed: names, numbers, operators + - * / < <= > >= == != && || ! ? :, "
                    + "( ) [ ] { } , = and # comments)";
        }
        return msg;
    }

    static String describe(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "end of file";
            case ModelLexer.NL -> "end of line";
            default -> "'" + t.getText() + "'";
        };
    }

    /** The expected tokens in words; a set that can start an expression is "an expression". */
    static String describe(IntervalSet expected) {
        List<Integer> types = expected.toList();
        if (types.contains(ModelLexer.ID) && types.contains(ModelLexer.INT) && types.contains(ModelLexer.LPAREN)) {
            return "an expression";
        }
        Set<String> words = new LinkedHashSet<>();
        for (int type : types) {
            words.add(word(type));
        }
        List<String> list = new ArrayList<>(words);
        if (list.size() == 1) {
            return list.getFirst();
        }
        return "one of " + String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.getLast();
    }

    private static String word(int type) {
        return switch (type) {
            case Token.EOF, ModelLexer.NL -> "end of line"; // the last statement's line ends the file
            case ModelLexer.ID -> "a name";
            case ModelLexer.INT -> "an integer";
            case ModelLexer.FLOAT -> "a number";
            default -> {
                String literal = ModelLexer.VOCABULARY.getLiteralName(type);
                yield literal != null ? literal : ModelLexer.VOCABULARY.getDisplayName(type);
            }
        };
    }
}
