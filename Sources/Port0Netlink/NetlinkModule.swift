import CNftnl
import Port0Core
