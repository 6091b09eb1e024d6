using System.Diagnostics;
using System.Numerics.Tensors;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;

namespace Cairn.Embeddings.Onnx;

// One loaded sentence model: a real BERT WordPiece tokenizer, an ONNX Runtime session, and the pooling and
// normalisation its model card specifies. Thread-safe: ONNX Runtime sessions accept concurrent runs. Texts are tokenised
// on the caller's thread; the model runs on threads of its own (InferenceThreads says why).
internal sealed class SentenceEncoder : IDisposable
{
    private readonly BertTokenizer _tokenizer;
    private readonly InferenceSession _session;
    private readonly InferenceThreads _threads;
    private readonly Lock _tokenizerLock = new();
    private readonly bool _needsTokenTypes;
    private readonly bool _oneTextPerRun;

    private SentenceEncoder(SentenceModel model, BertTokenizer tokenizer, InferenceSession session, bool oneTextPerRun)
    {
        Model = model;
        _tokenizer = tokenizer;
        _session = session;
        _oneTextPerRun = oneTextPerRun;
        _needsTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        _threads = new InferenceThreads(Environment.ProcessorCount, $"{model.ModelId} inference");
    }

    public SentenceModel Model { get; }

    public TimeSpan LoadTime { get; private set; }

    // Whether the caller is one of the threads the model runs on (the tests' check that inference stays off pool threads).
    internal bool OnInferenceThread => _threads.OnInferenceThread;

    internal int InferenceThreadCount => _threads.Count;

    public static SentenceEncoder Load(SentenceModel model, string weightsPath, SentenceEmbedderOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        var tokenizer = new BertTokenizer();
        using (var reader = new StreamReader(new MemoryStream(ModelResources.Read(weightsPath, model.VocabularyResource))))
        {
            // Both models use uncased BERT vocabularies: lower-case and strip accents, as their tokenizer_config says.
            tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
        }
        using var sessionOptions = SessionOptions(options);
        // Loaded from its file, ONNX Runtime keeps one copy of the weights; from a managed array the array stays resident too.
        var int8 = options.Precision == ModelPrecision.Int8 ? Path.Combine(Path.GetDirectoryName(weightsPath)!, model.Int8FileName) : null;
        var session = int8 is not null
            ? new InferenceSession(int8, sessionOptions)
            : new InferenceSession(ModelResources.Read(weightsPath, model.OnnxResource), sessionOptions);
        // int8 activations are quantised with one scale per run, so batch-mates (and their padding) would move a text's
        // vector; one text per run keeps vectors independent of the batch, at no CPU cost on one thread (docs/embeddings.md).
        var oneTextPerRun = int8 is not null;
        var encoder = new SentenceEncoder(model, tokenizer, session, oneTextPerRun);
        // ONNX Runtime plans and allocates on its first runs (~0.2–0.3 s for a full-length text): pay it here, not in the first request.
        encoder.Embed([string.Join(" ", Enumerable.Repeat("warm", model.MaxTokens))]);
        encoder.LoadTime = Stopwatch.GetElapsedTime(started);
        return encoder;
    }

    // Deliberate settings: few threads so concurrent requests do not fight over 1–2 cores, no spinning, full graph
    // optimisation.
    internal static Microsoft.ML.OnnxRuntime.SessionOptions SessionOptions(SentenceEmbedderOptions options)
    {
        var session = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            EnableCpuMemArena = options.CpuMemArena,
            EnableMemoryPattern = options.MemoryPattern,
        };
        // Idle ORT threads otherwise spin for a while after each run, burning the CPU other requests need.
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return session;
    }

    // The text's token ids with [CLS] and [SEP], cut at maxTokens.
    public long[] Tokenize(string text, int maxTokens)
    {
        var ids = new long[maxTokens];
        var mask = new long[maxTokens];
        int length;
        // The tokenizer keeps working buffers of its own: one caller at a time.
        lock (_tokenizerLock)
        {
            length = _tokenizer.Encode(text, ids, mask);
        }
        return ids[..length];
    }

    // Embeds the texts as one batch, each cut at the model's maximum length; rows are L2-normalised.
    public float[][] Embed(IReadOnlyList<string> texts) => EmbedAsync(texts).GetAwaiter().GetResult();

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts)
    {
        long[][] sequences = [.. texts.Select(t => Tokenize(t, Model.MaxTokens))];
        return _threads.RunAsync(() => Run(sequences));
    }

    // Embeds every window of the model's maximum length and averages them (then normalises): a long text is not judged
    // by its opening alone. Short texts give the same vector as Embed.
    public async Task<float[]> EmbedChunkedAsync(string text, int maxChunks)
    {
        var all = Tokenize(text, (Model.MaxTokens - 2) * maxChunks + 2);
        if (all.Length <= Model.MaxTokens)
        {
            return (await _threads.RunAsync(() => Run([all])))[0];
        }
        var (cls, sep, body) = (all[0], all[^1], all[1..^1]);
        var windows = body.Chunk(Model.MaxTokens - 2).Select(chunk => (long[])[cls, .. chunk, sep]).ToList();
        var vectors = await _threads.RunAsync(() => Run(windows));
        var mean = new float[Model.Dimensions];
        foreach (var vector in vectors)
        {
            TensorPrimitives.Add(mean, vector, mean);
        }
        Normalize(mean);
        return mean;
    }

    // Runs token sequences as one batch, padded to the longest, and pools each as the model card says. Only on an
    // inference thread.
    private float[][] Run(IReadOnlyList<long[]> sequences)
    {
        if (!_threads.OnInferenceThread)
        {
            throw new InvalidOperationException("The model runs only on its inference threads (InferenceThreads).");
        }
        if (sequences.Count == 0)
        {
            return [];
        }
        if (_oneTextPerRun && sequences.Count > 1)
        {
            return [.. sequences.Select(sequence => Run([sequence])[0])];
        }
        var width = sequences.Max(e => e.Length);
        var batch = sequences.Count;
        var inputIds = new long[batch * width];
        var attention = new long[batch * width];
        for (var i = 0; i < batch; i++)
        {
            sequences[i].CopyTo(inputIds.AsSpan(i * width));
            attention.AsSpan(i * width, sequences[i].Length).Fill(1);
        }

        long[] shape = [batch, width];
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(attention, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(new long[batch * width], shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask };
        if (_needsTokenTypes)
        {
            inputs["token_type_ids"] = types;
        }
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, [_session.OutputNames[0]]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = Model.Dimensions;

        var result = new float[batch][];
        for (var i = 0; i < batch; i++)
        {
            var vector = new float[dimensions];
            var rows = hidden.Slice(i * width * dimensions, width * dimensions);
            if (Model.Pooling == SentencePooling.Cls)
            {
                rows[..dimensions].CopyTo(vector);
            }
            else
            {
                // Mean over the real tokens; dividing by their count is left to the normalisation below.
                for (var t = 0; t < sequences[i].Length; t++)
                {
                    TensorPrimitives.Add(vector, rows.Slice(t * dimensions, dimensions), vector);
                }
            }
            Normalize(vector);
            result[i] = vector;
        }
        return result;
    }

    private static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    // The threads finish any run in progress first: the session is never freed under a run.
    public void Dispose()
    {
        _threads.Dispose();
        _session.Dispose();
    }
}
