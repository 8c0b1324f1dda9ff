/** Importing this module registers every ONNX op handler (one file per family). */
import './elementwise';
import './shape';
import './matmul';
import './normalization';
import './recurrent';
