/*
 * The jstencil model language (README, "The model language"). One statement per line; a line
 * break inside ( ) or [ ], or after a trailing backslash, continues the statement. '#' starts a
 * comment. Operator precedence, highest first: unary - + !, * /, + -, comparisons, &&, ||, ?:.
 * Binary operators associate to the left, so a - b - c is (a - b) - c: evaluation order is the
 * order written, and every backend evaluates that same tree.
 */
grammar Model;

@lexer::members {
    /** Depth of ( and [: line breaks inside them do not end a statement. */
    private int nesting;
}

file
    : NL* (statement (NL+ statement)*)? NL* EOF
    ;

statement
    : 'fields' ID+                                           # fieldsStatement
    | 'param' ID '=' signedNumber                            # paramStatement
    | 'grid' INT INT INT?                                    # gridStatement
    | setting=('dt' | 'h' | 'steps') '=' signedNumber        # settingStatement
    | 'boundary' axisBoundary (',' axisBoundary)*            # boundaryStatement
    | 'dirichlet' ID '=' signedNumber                        # dirichletStatement
    | 'let' ID '=' expr                                      # letStatement
    | ID '/' 'dt' '=' expr                                   # equationStatement
    | 'init' ID '{' NL* (initStatement (NL+ initStatement)*)? NL* '}'   # initBlock
    ;

axisBoundary
    : kind=(ID | 'dirichlet') ('=' signedNumber)?
    ;

initStatement
    : 'let' ID '=' expr                                      # initLet
    | ID '=' expr                                            # initAssign
    ;

expr
    : primary                                                # atomExpr
    | op=('-' | '+' | '!') expr                              # unaryExpr
    | expr op=('*' | '/') expr                               # mulExpr
    | expr op=('+' | '-') expr                               # addExpr
    | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr   # compareExpr
    | expr op='&&' expr                                      # andExpr
    | expr op='||' expr                                      # orExpr
    | <assoc=right> expr op='?' expr ':' expr                # conditionalExpr
    ;

primary
    : (INT | FLOAT)                                          # numberPrimary
    | ID '[' signedInt (',' signedInt)* ']'                  # neighbourPrimary
    | ID '(' (expr (',' expr)*)? ')'                         # callPrimary
    | (ID | 'dt' | 'h')                                      # namePrimary
    | '(' expr ')'                                           # parenPrimary
    ;

signedNumber
    : '-'? (INT | FLOAT)
    ;

signedInt
    : ('-' | '+')? INT
    ;

LPAREN : '(' { nesting++; } ;
RPAREN : ')' { if (nesting > 0) nesting--; } ;
LBRACK : '[' { nesting++; } ;
RBRACK : ']' { if (nesting > 0) nesting--; } ;

INT    : [0-9]+ ;
FLOAT  : ([0-9]+ '.' [0-9]* | '.' [0-9]+) EXPONENT? | [0-9]+ EXPONENT ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

ID     : [a-zA-Z_] [a-zA-Z_0-9]* ;

NL           : '\r'? '\n' { if (nesting > 0) skip(); } ;
CONTINUATION : '\\' [ \t]* '\r'? '\n' -> skip ;
COMMENT      : '#' ~[\r\n]* -> skip ;
WS           : [ \t]+ -> skip ;
