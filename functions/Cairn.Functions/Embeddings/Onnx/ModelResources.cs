using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Cairn.Embeddings.Onnx;

// Reads a resource out of a .NET assembly file without loading it: the weights' DLL targets other dependencies we do
// not ship, and loading it would also pin 90 MB in the process for nothing.
internal static class ModelResources
{
    public static byte[] Read(string assemblyPath, string resourceName)
    {
        using var file = File.OpenRead(assemblyPath);
        using var pe = new PEReader(file, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchMetadata);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, resourceName))
            {
                continue;
            }
            var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
                ?? throw new InvalidDataException($"{assemblyPath} has no resources directory.");
            if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var start))
            {
                throw new InvalidDataException($"{assemblyPath}: the resources directory is not in the file.");
            }
            // Each embedded resource is a 4-byte little-endian length followed by its bytes.
            file.Position = start + resource.Offset;
            Span<byte> length = stackalloc byte[4];
            file.ReadExactly(length);
            var bytes = new byte[BitConverter.ToInt32(length)];
            file.ReadExactly(bytes);
            return bytes;
        }
        throw new InvalidDataException($"{assemblyPath} has no resource named {resourceName}.");
    }
}
