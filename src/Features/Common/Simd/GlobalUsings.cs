// The AVX2 width's two flavours (Simd256.cs): the plain one, which every AVX2 kernel uses, and the one with AVX-VNNI,
// which VIF chooses where the CPU has it.
global using Simd256 = VmafTiny.Features.Simd.Simd256Of<VmafTiny.Features.Simd.MaddThenAdd>;
global using Simd256Vnni = VmafTiny.Features.Simd.Simd256Of<VmafTiny.Features.Simd.Vpdpwssd>;
