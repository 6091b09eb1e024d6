using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
// Scalar.AspNetCore brings a root namespace named Scalar, which would hide this event type.
using YamlScalar = YamlDotNet.Core.Events.Scalar;

namespace Cairn.Engrams.Packs;

// A YAML document that cannot become JSON (or is not YAML at all), with where and why.
public sealed class YamlJsonException(string message) : Exception(message);

// YAML ↔ JSON without loss, so unknown fields round-trip exactly. Writing: strings are always double-quoted (never
// mistaken for numbers, booleans or dates by any reader), numbers keep their JSON text, objects and arrays are block
// style. Reading follows the YAML 1.2 core schema: plain null/true/false/numbers are typed, everything quoted and
// everything else is a string (so an unquoted 2026-05-25 stays the string it is in the engram schema).
public static partial class YamlJson
{
    // Upper bound on nodes read from one document, aliases counted each time they are used ("billion laughs").
    public const int MaxNodes = 1_000_000;

    // Deepest nesting accepted, as for JSON bodies; YamlDotNet's loader recurses and would overflow the stack.
    public const int MaxDepth = 64;

    private static readonly EmitterSettings Settings = new(2, int.MaxValue, false, 1024, skipAnchorName: true, indentSequences: false, newLine: "\n");

    public static string Write(JsonObject root)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    // Reads the one YAML document in text as JSON.
    public static JsonNode? Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(text);
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            // Duplicate keys land here too: YamlDotNet refuses them while loading.
            throw new YamlJsonException($"not valid YAML at line {exception.Start.Line}, column {exception.Start.Column}: {exception.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser throws this, without a position, for some unterminated flow collections.
            throw new YamlJsonException("not valid YAML: an unterminated [ ] or { } collection, or a stray quote.");
        }
        if (stream.Documents.Count != 1)
        {
            throw new YamlJsonException(stream.Documents.Count == 0 ? "the YAML is empty." : "the YAML holds several documents; send one.");
        }
        var budget = MaxNodes;
        return ToJson(stream.Documents[0].RootNode, "", 0, ref budget);
    }

    // Walks the parser's events (it does not recurse) to refuse deep nesting before the loader sees it.
    private static void CheckDepth(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is SequenceStart or MappingStart && ++depth > MaxDepth)
            {
                throw new YamlJsonException($"the YAML nests deeper than {MaxDepth} levels.");
            }
            if (parser.Current is SequenceEnd or MappingEnd)
            {
                depth--;
            }
        }
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new YamlScalar(AnchorName.Empty, TagName.Empty, key, PlainKey().IsMatch(key) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted, true, true));
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(new YamlScalar(AnchorName.Empty, TagName.Empty, value.GetValue<string>(), ScalarStyle.DoubleQuoted, false, true));
                break;
            case null:
                emitter.Emit(new YamlScalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                // Numbers and booleans: their JSON text is also their YAML text.
                emitter.Emit(new YamlScalar(AnchorName.Empty, TagName.Empty, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static JsonNode? ToJson(YamlNode node, string path, int depth, ref int budget)
    {
        if (--budget < 0)
        {
            throw new YamlJsonException($"the YAML expands to more than {MaxNodes} nodes.");
        }
        if (depth > MaxDepth)
        {
            // Reachable only through aliases nested inside aliases.
            throw new YamlJsonException($"the YAML nests deeper than {MaxDepth} levels once its aliases are expanded.");
        }
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        throw new YamlJsonException($"{Where(path)}: keys must be plain strings (line {keyNode.Start.Line}).");
                    }
                    obj[key] = ToJson(valueNode, path.Length == 0 ? key : $"{path}.{key}", depth + 1, ref budget);
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, $"{path}[{index++}]", depth + 1, ref budget));
                }
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar, path);
            default:
                throw new YamlJsonException($"{Where(path)}: unsupported YAML node (line {node.Start.Line}).");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar, string path)
    {
        var text = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || (tag is null && scalar.Style != ScalarStyle.Plain) || tag is "!")
        {
            return JsonValue.Create(text);
        }
        switch (tag)
        {
            case "tag:yaml.org,2002:null":
                return null;
            case "tag:yaml.org,2002:bool":
                return Bool(text) is { } flag ? JsonValue.Create(flag) : throw Invalid(path, text, "a boolean");
            case "tag:yaml.org,2002:int" or "tag:yaml.org,2002:float":
                return Number(text, path) ?? throw Invalid(path, text, "a number");
            case not null:
                throw new YamlJsonException($"{Where(path)}: the tag {tag} has no JSON equivalent.");
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (Bool(text) is { } boolean)
        {
            return JsonValue.Create(boolean);
        }
        return Number(text, path) ?? JsonValue.Create(text);
    }

    private static bool? Bool(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    // A YAML 1.2 core number as JSON: JSON-valid text is kept verbatim, other forms (0x1F, +1, .5) are normalised.
    private static JsonNode? Number(string text, string path)
    {
        if (JsonNumber().IsMatch(text))
        {
            return JsonNode.Parse(text);
        }
        if (text is ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN")
        {
            throw new YamlJsonException($"{Where(path)}: {text} has no JSON equivalent.");
        }
        if (Octal().Match(text) is { Success: true } octal)
        {
            return octal.Groups[1].Value.Length <= 21 && Convert.ToUInt64(octal.Groups[1].Value, 8) is var value && value <= long.MaxValue
                ? JsonValue.Create((long)value)
                : throw new YamlJsonException($"{Where(path)}: {text} is too large.");
        }
        if (Hex().Match(text) is { Success: true } hex)
        {
            return long.TryParse(hex.Groups[1].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? JsonValue.Create(value)
                : throw new YamlJsonException($"{Where(path)}: {text} is too large.");
        }
        if (YamlNumber().IsMatch(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonNode.Parse(number.ToString(CultureInfo.InvariantCulture));
        }
        return null;
    }

    private static YamlJsonException Invalid(string path, string text, string what) => new($"{Where(path)}: '{text}' is not {what}.");

    private static string Where(string path) => path.Length == 0 ? "the document" : path;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlNumber();

    [GeneratedRegex("^0o([0-7]+)$")]
    private static partial Regex Octal();

    [GeneratedRegex("^0x([0-9a-fA-F]+)$")]
    private static partial Regex Hex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainKey();
}
