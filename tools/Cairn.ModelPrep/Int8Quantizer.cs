using Google.Protobuf;
using Onnx;

namespace Cairn.ModelPrep;

// Dynamic int8 quantisation of a transformer's weights, in standard ONNX operators: each MatMul by a constant matrix
// becomes DynamicQuantizeLinear + MatMulInteger (weights int8, one scale per output column), and each large embedding
// table becomes an int8 Gather scaled per row. Written by hand: no served .NET package quantises ONNX models (ONNX
// Runtime's quantiser is Python).
public static class Int8Quantizer
{
    // Embedding tables smaller than this stay fp32: the position and token-type tables are small and quantising them
    // saves nothing worth their error.
    private const long MinimumGatherElements = 1_000_000;

    public sealed record Result(int MatMuls, int Gathers, long BytesBefore, long BytesAfter);

    public static Result Quantize(ModelProto model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var uses = graph.Node.SelectMany(n => n.Input).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        var before = graph.Initializer.Sum(t => (long)t.RawData.Length + t.FloatData.Count * 4L);
        var nodes = new List<NodeProto>();
        var (matMuls, gathers) = (0, 0);
        foreach (var node in graph.Node)
        {
            if (node.OpType == "MatMul" && Constant(node.Input[1]) is { } weights)
            {
                nodes.AddRange(QuantizeMatMul(node, weights, graph));
                matMuls++;
            }
            else if (node.OpType == "Gather" && Axis(node) == 0 && Constant(node.Input[0]) is { } table && table.Dims[0] * table.Dims[1] >= MinimumGatherElements)
            {
                nodes.AddRange(QuantizeGather(node, table, graph));
                gathers++;
            }
            else
            {
                nodes.Add(node);
            }
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var after = graph.Initializer.Sum(t => (long)t.RawData.Length + t.FloatData.Count * 4L);
        return new Result(matMuls, gathers, before, after);

        // A 2-D fp32 initializer read by this node alone (a shared one would have to stay fp32 for its other readers).
        TensorProto? Constant(string name) =>
            initializers.TryGetValue(name, out var t) && t.Dims.Count == 2 && t.DataType == (int)TensorProto.Types.DataType.Float && uses[name] == 1 ? t : null;
    }

    private static long Axis(NodeProto node) => node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 0;

    // Y = A·W as (quantise A per call) · (W quantised per column), rescaled by scale(A) × scale(W column).
    private static IEnumerable<NodeProto> QuantizeMatMul(NodeProto node, TensorProto weights, GraphProto graph)
    {
        var (rows, columns) = ((int)weights.Dims[0], (int)weights.Dims[1]);
        var values = Floats(weights);
        var quantized = new sbyte[values.Length];
        var scales = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            var max = 0f;
            for (var r = 0; r < rows; r++)
            {
                max = Math.Max(max, Math.Abs(values[r * columns + c]));
            }
            scales[c] = max > 0 ? max / 127f : 1f;
            for (var r = 0; r < rows; r++)
            {
                quantized[r * columns + c] = (sbyte)Math.Clamp(MathF.Round(values[r * columns + c] / scales[c]), -127, 127);
            }
        }
        var w = weights.Name;
        Replace(graph, weights, Int8(w + "_quantized", [rows, columns], quantized), Int8(w + "_zero_point", [columns], new sbyte[columns]), Float(w + "_scale", [columns], scales));

        var (input, output, prefix) = (node.Input[0], node.Output[0], Name(node, "matmul"));
        yield return Node("DynamicQuantizeLinear", prefix + "_quantize", [input], [prefix + "_a", prefix + "_a_scale", prefix + "_a_zero_point"]);
        yield return Node("MatMulInteger", prefix + "_integer", [prefix + "_a", w + "_quantized", prefix + "_a_zero_point", w + "_zero_point"], [prefix + "_int32"]);
        yield return Node("Cast", prefix + "_cast", [prefix + "_int32"], [prefix + "_float"], new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        yield return Node("Mul", prefix + "_scales", [prefix + "_a_scale", w + "_scale"], [prefix + "_scale"]);
        yield return Node("Mul", prefix + "_rescale", [prefix + "_float", prefix + "_scale"], [output]);
    }

    // Rows of the table as int8 with one scale per row: gather the rows and their scales, then multiply.
    private static IEnumerable<NodeProto> QuantizeGather(NodeProto node, TensorProto table, GraphProto graph)
    {
        var (rows, columns) = ((int)table.Dims[0], (int)table.Dims[1]);
        var values = Floats(table);
        var quantized = new sbyte[values.Length];
        var scales = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * columns, columns);
            var max = 0f;
            foreach (var v in row)
            {
                max = Math.Max(max, Math.Abs(v));
            }
            scales[r] = max > 0 ? max / 127f : 1f;
            for (var c = 0; c < columns; c++)
            {
                quantized[r * columns + c] = (sbyte)Math.Clamp(MathF.Round(row[c] / scales[r]), -127, 127);
            }
        }
        var t = table.Name;
        Replace(graph, table, Int8(t + "_quantized", [rows, columns], quantized), Float(t + "_scale", [rows, 1], scales));

        var (indices, output, prefix) = (node.Input[1], node.Output[0], Name(node, "gather"));
        yield return Node("Gather", prefix + "_rows", [t + "_quantized", indices], [prefix + "_int8"]);
        yield return Node("Cast", prefix + "_cast", [prefix + "_int8"], [prefix + "_float"], new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        yield return Node("Gather", prefix + "_row_scales", [t + "_scale", indices], [prefix + "_scale"]);
        yield return Node("Mul", prefix + "_rescale", [prefix + "_float", prefix + "_scale"], [output]);
    }

    private static string Name(NodeProto node, string kind) => "q_" + (string.IsNullOrEmpty(node.Name) ? kind + "_" + node.Output[0] : node.Name);

    private static void Replace(GraphProto graph, TensorProto old, params TensorProto[] replacements)
    {
        graph.Initializer.Remove(old);
        graph.Initializer.AddRange(replacements);
        // Older exporters also list initializers as graph inputs; the replaced one must go from there too.
        var input = graph.Input.FirstOrDefault(i => i.Name == old.Name);
        if (input is not null)
        {
            graph.Input.Remove(input);
        }
    }

    private static float[] Floats(TensorProto tensor) =>
        tensor.RawData.Length > 0 ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : [.. tensor.FloatData];

    private static TensorProto Int8(string name, long[] dims, sbyte[] values) =>
        Tensor(name, dims, TensorProto.Types.DataType.Int8, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static TensorProto Float(string name, long[] dims, float[] values) =>
        Tensor(name, dims, TensorProto.Types.DataType.Float, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static TensorProto Tensor(string name, long[] dims, TensorProto.Types.DataType type, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }
}
