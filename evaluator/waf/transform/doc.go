// Package transform implements the AWS WAF v2 text transformations
// (TextTransformationType, aws-semantics.md §4.7) that a statement applies,
// in ascending Priority, to a request component before inspecting it.
//
// Every transformation works on bytes, not on runes: AWS describes them in
// terms of bytes (for example COMPRESS_WHITE_SPACE maps "decimal 160" to a
// space, MD5 yields "a raw binary form"), and so does ModSecurity, whose
// transformations of the same names the AWS types mirror.
//
// Sources and choices. Each Kind's doc comment quotes or paraphrases the AWS
// WAF Developer Guide page "Text transformations"
// (waf-rule-statement-transformation.md). Where AWS's text is silent or
// vague, the behaviour follows the ModSecurity reference manual's
// description of the transformation of the same name; such choices are
// marked [inferred]. CMD_LINE_WIN, CMD_LINE_UNIX and JS_DECODE_EXT have no
// public AWS or ModSecurity description at all; their behaviour is our
// design and Kind.Inferred reports true for them (and for the other kinds
// whose core behaviour is inferred), so the engine can say so in a verdict.
//
// Invalid encodings. Decoders that work on escape sequences (URL, HTML
// entity, escape sequence, CSS, JS, SQL hex) leave an invalid or incomplete
// sequence in the output unchanged, as AWS documents for ESCAPE_SEQ_DECODE
// ("Encodings that aren't valid remain in the output"). Whole-input decoders
// (BASE64_DECODE, HEX_DECODE) output the decoding of the longest valid
// prefix and drop the rest; BASE64_DECODE_EXT skips invalid characters.
//
// Performance. Apply appends into a caller buffer and Chain.Apply alternates
// between the two scratch slices of a Buffer, so evaluating a compiled chain
// allocates nothing once the buffers have grown to the component size.
package transform
