namespace VmafTiny.Decode;

/// <summary>
/// Not one frame pair to compare (<see cref="FramePairReader"/>): the message gives both videos' lengths and what
/// was skipped; <see cref="ReferenceFrames"/> and <see cref="DistortedFrames"/> give the lengths to a caller that
/// words the error in its own terms (a segment that lies past the end).
/// </summary>
public sealed class NoFramePairsException : VmafTinyException
{
    /// <summary>Creates the error with its one-line message and the two videos' lengths.</summary>
    public NoFramePairsException(string message, long referenceFrames, long distortedFrames)
        : base(message)
    {
        ReferenceFrames = referenceFrames;
        DistortedFrames = distortedFrames;
    }

    /// <summary>The reference's frames, skipped ones included (its whole frames, where a damaged one ended it).</summary>
    public long ReferenceFrames { get; }

    /// <summary>The distorted video's frames, skipped ones included (its whole frames, where a damaged one ended it).</summary>
    public long DistortedFrames { get; }
}
